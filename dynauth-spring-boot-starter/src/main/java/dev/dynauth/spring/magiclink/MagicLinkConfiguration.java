package dev.dynauth.spring.magiclink;

import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration.DynauthMode;
import dev.dynauth.spring.web.DynauthSecret;
import dev.dynauth.Adapter;
import dev.dynauth.TableOptions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The magic-link feature: the sender (mail, log, or none), the rate limits and the service the endpoints use. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "dynauth.email.enabled", havingValue = "true", matchIfMissing = true)
class MagicLinkConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MagicLinkConfiguration.class);

    /** The mail sender of magic links, or null; typed by dynauth only, so that mail stays an optional dependency. */
    record MailSenderHolder(MagicLinkSender sender) {}

    /** Spring Mail (an optional dependency): magic links by mail when the application has a JavaMailSender. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JavaMailSender.class)
    static class Mail {
        @Bean
        MailSenderHolder dynauthMailSenderHolder(ObjectProvider<JavaMailSender> sender, DynauthProperties properties) {
            JavaMailSender mail = sender.getIfAvailable();
            return new MailSenderHolder(mail == null ? null : new MailMagicLinkSender(mail, properties.getEmail().getFrom()));
        }
    }

    @Bean
    @ConditionalOnMissingBean
    RateLimiter dynauthRateLimiter(DynamoDbClient client, TableOptions options, Clock clock, DynauthProperties properties) {
        return new DynamoDbRateLimiter(client, options, clock, properties.getEmail().getRateLimit(),
                properties.getEmail().getRateLimitWindow());
    }

    @Bean
    @ConditionalOnMissingBean
    MagicLinkSender dynauthMagicLinkSender(DynauthProperties properties, ObjectProvider<DynauthMode> mode,
                                           ObjectProvider<MailSenderHolder> mail) {
        MailSenderHolder holder = mail.getIfAvailable();
        if (holder != null && holder.sender() != null) {
            return holder.sender();
        }
        DynauthMode m = mode.getIfAvailable();
        boolean log = properties.getEmail().getLogLinks() != null ? properties.getEmail().getLogLinks()
                : m != null && m.embedded();
        if (log) {
            LOG.warn("dynauth: no mail sender configured: sign-in links are LOGGED (development only)");
            return new LoggingMagicLinkSender();
        }
        LOG.warn(NoMagicLinkSender.START_UP_LINE);
        return new NoMagicLinkSender();
    }

    @Bean
    @ConditionalOnMissingBean
    MagicLinkService dynauthMagicLinkService(Adapter adapter, DynauthSecret secret, Clock clock,
                                             DynauthProperties properties, RateLimiter rateLimiter,
                                             MagicLinkSender sender) {
        DynauthProperties.Email e = properties.getEmail();
        return new MagicLinkService(adapter, secret, clock, e.getMaxAge(), rateLimiter, sender,
                new MagicLinkService.Limits(e.getClientRateLimit(), e.getClientRateLimitWindow(),
                        e.getGlobalRateLimit(), e.getGlobalRateLimitWindow()));
    }
}
