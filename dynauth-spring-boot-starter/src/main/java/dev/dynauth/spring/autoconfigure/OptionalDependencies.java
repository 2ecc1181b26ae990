package dev.dynauth.spring.autoconfigure;

import dev.dynauth.spring.DynauthProperties;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The starter's optional dependencies, named only as strings so that no class of the starter needs them to load.
 * A feature that is configured while its dependency is missing is a start-up error naming the dependency to add,
 * never a silent fallback nor a {@code NoClassDefFoundError} on the first request.
 */
final class OptionalDependencies {

    /** spring-security-oauth2-client (with Spring Boot's module: spring-boot-starter-security-oauth2-client). */
    public static final String OAUTH2_CLIENT = "org.springframework.security.oauth2.client.registration.ClientRegistrationRepository";
    public static final String OAUTH2_CLIENT_BOOT = "org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration";
    /** spring-security-webauthn. */
    public static final String WEBAUTHN = "org.springframework.security.web.webauthn.management.UserCredentialRepository";
    /** spring-context-support's mail API and Spring Boot's mail module (spring-boot-starter-mail). */
    public static final String MAIL = "org.springframework.mail.javamail.JavaMailSender";
    public static final String MAIL_BOOT = "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration";

    private OptionalDependencies() {}

    static boolean present(String className) {
        return ClassUtils.isPresent(className, OptionalDependencies.class.getClassLoader());
    }

    /** The result of {@link #check}: a bean, so that the check runs at start-up. */
    record Checked() {}

    /** Fails when the configuration asks for a feature whose dependency is not on the classpath. */
    static Checked check(Environment env, DynauthProperties properties) {
        Binder binder = Binder.get(env);
        boolean oauth2Registrations = !binder.bind("spring.security.oauth2.client.registration",
                Bindable.mapOf(String.class, String.class)).orElse(Map.of()).isEmpty();
        if (oauth2Registrations && !(present(OAUTH2_CLIENT) && present(OAUTH2_CLIENT_BOOT))) {
            throw missing("OAuth2 providers are configured (spring.security.oauth2.client.registration.*)",
                    "org.springframework.boot:spring-boot-starter-security-oauth2-client");
        }
        if (properties.getPasskeys().isEnabled() && !present(WEBAUTHN)) {
            throw missing("dynauth.passkeys.enabled=true", "org.springframework.security:spring-security-webauthn");
        }
        String mailHost = env.getProperty("spring.mail.host");
        if (properties.getEmail().isEnabled() && mailHost != null && !mailHost.isBlank()
                && !(present(MAIL) && present(MAIL_BOOT))) {
            throw missing("spring.mail.host is set", "org.springframework.boot:spring-boot-starter-mail");
        }
        return new Checked();
    }

    private static IllegalStateException missing(String what, String dependency) {
        return new IllegalStateException(what + " but the dependency it needs is not on the classpath: add "
                + dependency + " (its version comes from Spring Boot's dependency management)");
    }
}
