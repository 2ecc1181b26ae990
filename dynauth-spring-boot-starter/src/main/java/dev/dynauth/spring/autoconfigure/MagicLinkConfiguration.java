package dev.dynauth.spring.autoconfigure;

import static dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration.*;

import dev.dynauth.spring.magiclink.DynamoDbRateLimiter;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.DynauthSecret;
import dev.dynauth.spring.magiclink.LoggingMagicLinkSender;
import dev.dynauth.spring.magiclink.NoMagicLinkSender;
import dev.dynauth.spring.magiclink.MagicLinkSender;
import dev.dynauth.spring.magiclink.MagicLinkService;
import dev.dynauth.spring.magiclink.RateLimiter;
import dev.dynauth.Adapter;
import dev.dynauth.TableOptions;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Magic links. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "dynauth.email.enabled", havingValue = "true", matchIfMissing = true)
class MagicLinkConfiguration {

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
