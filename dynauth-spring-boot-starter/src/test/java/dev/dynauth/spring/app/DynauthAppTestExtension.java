package dev.dynauth.spring.app;

import dev.dynauth.spring.Browser;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The fixtures of {@link DynauthAppTest}: the clock every test of a cached context shares goes back to where it
 * started after each test (so each test starts at the same instant, whatever the one before did), and
 * {@link Browser} parameters get a new browser on the context's MockMvc.
 */
final class DynauthAppTestExtension implements AfterEachCallback, ParameterResolver {

    @Override
    public void afterEach(ExtensionContext context) {
        SpringExtension.getApplicationContext(context).getBeanProvider(TestApp.MutableClock.class)
                .ifAvailable(TestApp.MutableClock::reset);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ApplicationContext app = SpringExtension.getApplicationContext(context);
        return new Browser(app.getBean(MockMvc.class));
    }
}
