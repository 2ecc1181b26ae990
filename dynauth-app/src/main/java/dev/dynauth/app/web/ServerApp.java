package dev.dynauth.app.web;

import dev.dynauth.TableOptions;
import dev.dynauth.app.store.DynamoJson;
import dev.dynauth.app.store.Store;
import dev.dynauth.local.ExpirySweeper;
import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.magiclink.MagicLinkSender;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The Spring Boot application behind {@code dynauth serve}, on the dynauth Spring Boot starter. */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({WebController.class, ErrorPages.class})
public class ServerApp {
    private static final Logger LOG = LoggerFactory.getLogger(ServerApp.class);

    /** What the serve command decided. */
    public record Settings(boolean devMailbox, boolean local, Duration sweepEvery, PrintWriter out, boolean json) {}

    /** The client of the store the command opened; the store (a bean too) closes it. */
    @Bean(destroyMethod = "")
    DynamoDbClient dynamoDbClient(Store store) {
        return store.client();
    }

    @Bean
    DynauthAutoConfiguration.DynauthMode dynauthMode(Store store) {
        return new DynauthAutoConfiguration.DynauthMode(
                store.embedded() ? DynauthProperties.Mode.EMBEDDED : DynauthProperties.Mode.AWS);
    }

    /** DynamoDB Local never applies TTL to this table: sweep expired items on a schedule. */
    @Bean(destroyMethod = "close")
    ExpirySweeper expirySweeper(Store store, Settings settings) {
        TableOptions o = store.options();
        ExpirySweeper sweeper = ExpirySweeper.builder(store.client(), o.tableName())
                .partitionKey(o.partitionKey()).sortKey(o.sortKey()).build();
        if (settings.local()) {
            // its first sweep at once: only on a table that was opened and checked
            store.onceOpen(() -> sweeper.start(settings.sweepEvery()));
        }
        return sweeper;
    }

    @Bean
    DevMailbox devMailbox(Store store) {
        return new DevMailbox(store.client(), store.options());
    }

    /** Without SMTP, magic links go to the development mailbox page and the console. */
    @Bean
    MagicLinkSender magicLinkSender(DevMailbox mailbox, Settings settings,
                                    org.springframework.beans.factory.ObjectProvider<org.springframework.mail.javamail.JavaMailSender> mail,
                                    DynauthProperties properties) {
        if (!settings.devMailbox()) {
            org.springframework.mail.javamail.JavaMailSender sender = mail.getIfAvailable();
            if (sender == null) {
                throw new IllegalStateException("SMTP is configured but no mail sender was created");
            }
            return link -> {
                var m = new org.springframework.mail.SimpleMailMessage();
                m.setFrom(properties.getEmail().getFrom());
                m.setTo(link.identifier());
                m.setSubject("Sign in");
                m.setText("Sign in with this link (it works once, until " + link.expires() + "):\n\n" + link.url() + "\n");
                sender.send(m);
            };
        }
        LOG.warn("No SMTP configured: magic links are shown at /dev/mailbox and in this console (development only)");
        return mailbox::send;
    }

    /** The layout of the app's pages, and (as the starter's page layout) of its sign-in, check-your-email and error pages. */
    @Bean
    Pages pages(Settings settings) {
        return new Pages(settings);
    }

    /** One log line per request: method, path without the query (magic-link tokens live there), status, time. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> requestLog() {
        Logger log = LoggerFactory.getLogger("dynauth.requests");
        OncePerRequestFilter f = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                long start = System.nanoTime();
                boolean failed = true;
                try {
                    chain.doFilter(request, response);
                    failed = false;
                } finally {
                    log.info("{} {} {} {}ms", request.getMethod(), request.getRequestURI(),
                            failed ? 500 : response.getStatus(), (System.nanoTime() - start) / 1_000_000);
                }
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> r = new FilterRegistrationBean<>(f);
        r.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return r;
    }

    @Bean
    ApplicationListener<WebServerInitializedEvent> announce(Store store, Settings settings) {
        return e -> {
            String url = "http://localhost:" + e.getWebServer().getPort() + "/";
            if (settings.json()) {
                var n = DynamoJson.MAPPER.createObjectNode();
                n.put("serving", url).put("port", e.getWebServer().getPort()).put("where", store.description())
                        .put("table", store.options().tableName());
                settings.out().println(DynamoJson.MAPPER.writeValueAsString(n));
            } else {
                settings.out().println("dynauth: serving " + url + " (" + store.description() + ", table '"
                        + store.options().tableName() + "')");
            }
            settings.out().flush();
        };
    }
}
