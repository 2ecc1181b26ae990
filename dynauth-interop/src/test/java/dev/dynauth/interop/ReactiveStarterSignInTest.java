package dev.dynauth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dynauth.interop.app.StarterApp;
import dev.dynauth.spring.session.DynauthServerSecurityContextRepository;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link StarterSignInCases} on the reactive stack (WebFlux, Netty): session reads through the starter's own
 * non-blocking DynamoDB client (AWS CRT) against the shared DynamoDB Local.
 */
class ReactiveStarterSignInTest extends StarterSignInCases {

    @Override
    ConfigurableApplicationContext start(Table table, Map<String, Object> properties) {
        ConfigurableApplicationContext app = StarterApp.startReactive(dynamo(), SharedDynamoDbLocal.server().endpoint(),
                table.options(), properties);
        assertEquals(1, app.getBeanNamesForType(DynauthServerSecurityContextRepository.class).length,
                "the starter's reactive side runs the app");
        return app;
    }
}
