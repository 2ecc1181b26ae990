package dev.dynauth.interop;

import dev.dynauth.interop.app.StarterApp;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/** {@link StarterSignInCases} on the servlet stack (Spring MVC, Tomcat). */
class ServletStarterSignInTest extends StarterSignInCases {

    @Override
    ConfigurableApplicationContext start(Table table, Map<String, Object> properties) {
        return StarterApp.start(dynamo(), table.options(), properties);
    }
}
