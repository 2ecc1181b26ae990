package dev.dynauth.spring.autoconfigure;

import static dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration.*;

import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.magiclink.MailMagicLinkSender;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring Mail (an optional dependency): magic links by mail when the application has a JavaMailSender. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.mail.javamail.JavaMailSender")
class MailConfiguration {
    @Bean
    MailSenderHolder dynauthMailSenderHolder(
            ObjectProvider<org.springframework.mail.javamail.JavaMailSender> sender, DynauthProperties properties) {
        org.springframework.mail.javamail.JavaMailSender mail = sender.getIfAvailable();
        return new MailSenderHolder(mail == null ? null : new MailMagicLinkSender(mail, properties.getEmail().getFrom()));
    }
}
