package dev.dynauth.spring.probe;

import dev.dynauth.spring.autoconfigure.DynauthAutoConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application with the starter, run by NoDynauthLocalTest in a class loader without dynauth-local (as in an
 * application that does not declare it). Reports what happened as text, since its classes are not the test's.
 */
public final class NoLocalProbe {
    private NoLocalProbe() {}

    public static String run(String... args) {
        // the JVM's URL stream handler factory belongs to the test's own Tomcat already
        org.apache.catalina.webresources.TomcatURLStreamHandlerFactory.disable();
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(App.class).registerShutdownHook(false)
                .run(args)) {
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/auth/signin")).build(), HttpResponse.BodyHandlers.ofString());
            return "mode=" + ctx.getBean(DynauthAutoConfiguration.DynauthMode.class).mode() + " signin=" + page.statusCode();
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return "failed: " + root.getMessage();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}
}
