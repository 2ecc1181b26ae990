package dev.dynauth.interop.app;

import dev.dynauth.AdapterUser;
import dev.dynauth.TableOptions;
import dev.dynauth.spring.magiclink.MagicLink;
import dev.dynauth.spring.magiclink.MagicLinkSender;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A Spring Boot application on dynauth's starter, sharing a DynamoDB Local table with the Node driver: the
 * starter's defaults plus {@code GET /me} and a sender that keeps magic links. The same class runs on either stack
 * ({@link #startReactive}): {@code /me} is an annotated controller, which Spring MVC and WebFlux both serve.
 */
@SpringBootApplication
public class StarterApp {

    /** Magic links the starter "sent". */
    public static final List<MagicLink> LINKS = new CopyOnWriteArrayList<>();

    @RestController
    static class Me {
        @GetMapping("/me")
        String me(@AuthenticationPrincipal AdapterUser user) {
            return user.id() + " " + user.email();
        }
    }

    /** The magic link last sent to {@code identifier} (as normalised), if any. */
    public static java.util.Optional<MagicLink> lastLinkTo(String identifier) {
        MagicLink found = null;
        for (MagicLink l : LINKS) {
            if (l.identifier().equals(identifier)) {
                found = l;
            }
        }
        return java.util.Optional.ofNullable(found);
    }

    /**
     * Starts the app as a reactive (WebFlux, Netty) application, configured as a reactive application is: its
     * session reads go through the non-blocking client the starter builds itself (AWS CRT) for {@code endpoint}; the
     * rare writes through {@code client}.
     */
    public static ConfigurableApplicationContext startReactive(DynamoDbClient client, java.net.URI endpoint,
                                                               TableOptions table, Map<String, Object> properties) {
        Map<String, Object> props = new java.util.LinkedHashMap<>();
        // the starter also brings Spring MVC, which Boot would otherwise prefer
        props.put("spring.main.web-application-type", "reactive");
        props.put("dynauth.dynamodb.endpoint", endpoint.toString());
        props.put("dynauth.dynamodb.region", "us-east-1");
        // DynamoDB Local takes any credentials; the Auth.js variables keep the SDK's default chain out of it
        props.put("NEXT_AUTH_AWS_ACCESS_KEY", "local");
        props.put("NEXT_AUTH_AWS_SECRET_KEY", "local");
        props.putAll(properties);
        return start(client, table, props);
    }

    /** Starts the app on a random port; {@code client} and {@code table} are the test's DynamoDB Local table. */
    public static ConfigurableApplicationContext start(DynamoDbClient client, TableOptions table, Map<String, Object> properties) {
        SpringApplication app = new SpringApplication(StarterApp.class);
        app.addInitializers(ctx -> {
            ctx.getBeanFactory().registerSingleton("dynamoDbClient", client);
            ctx.getBeanFactory().registerSingleton("tableOptions", table);
            ctx.getBeanFactory().registerSingleton("magicLinkSender", (MagicLinkSender) LINKS::add);
        });
        java.util.Map<String, Object> defaults = new java.util.LinkedHashMap<>();
        defaults.put("server.port", "0");
        // development on loopback: links may follow a loopback Host header without a public URL (dynauth.url)
        defaults.put("server.address", "127.0.0.1");
        defaults.put("spring.main.banner-mode", "off");
        defaults.putAll(properties);
        app.setDefaultProperties(defaults);
        return app.run();
    }
}
