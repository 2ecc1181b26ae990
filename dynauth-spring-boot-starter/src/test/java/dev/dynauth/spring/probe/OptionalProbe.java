package dev.dynauth.spring.probe;

import dev.dynauth.spring.magiclink.MagicLink;
import dev.dynauth.spring.magiclink.MagicLinkSender;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * An application with the starter and nothing else of its own but a mail outbox, run by OptionalDependenciesTest
 * in a class loader that lacks one optional dependency: it starts, signs a user in with a magic link over HTTP and
 * reports, as text (its classes are not the test's), what happened and which optional beans exist.
 */
public final class OptionalProbe {
    private OptionalProbe() {}

    /** Beans of the starter that exist only with an optional dependency, by name (their types may be missing). */
    private static final List<String> OPTIONAL_BEANS = List.of("dynauthAdapterMeters", "dynauthMailSenderHolder",
            "dynauthOAuth2LoginHandler", "dynauthUserCredentialRepository", "dynauthHealthIndicator");

    public static String run(String... args) {
        // the JVM's URL stream handler factory belongs to the test's own Tomcat already
        org.apache.catalina.webresources.TomcatURLStreamHandlerFactory.disable();
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(App.class).registerShutdownHook(false)
                .run(args)) {
            String base = "http://127.0.0.1:" + ((WebServerApplicationContext) ctx).getWebServer().getPort();
            List<String> beans = new ArrayList<>();
            for (String name : OPTIONAL_BEANS) {
                if (ctx.containsBean(name)) {
                    beans.add(name);
                }
            }
            // Spring Boot's generated in-memory user (and its password in the log) has no place beside dynauth
            String bootUser = ctx.containsBean("inMemoryUserDetailsManager") ? "generated-user " : "";
            return "beans=" + beans + " " + bootUser + signIn(base, ctx.getBean(Outbox.class));
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (!(root instanceof IllegalStateException)) {
                e.printStackTrace(); // unexpected (a missing class, say): the whole chain in the test's output
            }
            return "failed: " + root;
        }
    }

    private static String signIn(String base, Outbox outbox) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> hello = get(http, base + "/hello");
        HttpResponse<String> page = get(http, base + "/api/auth/signin");
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        if (page.statusCode() != 200 || !csrf.find()) {
            return "signin=" + page.statusCode();
        }
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/signin/email"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=ada%40example.com&_csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        MagicLink link = outbox.last.get();
        if (link == null) {
            return "signin=200 email=" + sent.statusCode() + " no link";
        }
        HttpResponse<String> callback = get(http, link.url());
        HttpResponse<String> session = get(http, base + "/api/auth/session");
        return "signedOut=" + hello.statusCode() + " email=" + sent.statusCode() + " callback=" + callback.statusCode()
                + " session=" + session.body().replaceAll("\\s", "");
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Keeps the last magic link instead of sending it. */
    static final class Outbox implements MagicLinkSender {
        final AtomicReference<MagicLink> last = new AtomicReference<>();

        @Override
        public void send(MagicLink link) {
            last.set(link);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Outbox outbox() {
            return new Outbox();
        }
    }
}
