package dev.dynauth.spring.autoconfigure;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Every {@code sendRedirect} of the application (the starter's, Spring Security's entry points, Tomcat's own:
 * a context root's or a directory's trailing-slash redirect) answers a relative {@code Location}. Spring Boot sets
 * Tomcat's {@code useRelativeRedirects} to {@code false} ({@code server.tomcat.use-relative-redirects}), and Tomcat
 * then makes each Location absolute from the request's Host or X-Forwarded-Host header, which an attacker
 * chooses. Applied last, so it holds whatever that property says.
 */
final class TomcatRelativeRedirects implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addContextCustomizers(context -> context.setUseRelativeRedirects(true));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
