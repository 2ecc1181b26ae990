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
 * starter's defaults plus {@code GET /me} and a sender that keeps magic links.
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
