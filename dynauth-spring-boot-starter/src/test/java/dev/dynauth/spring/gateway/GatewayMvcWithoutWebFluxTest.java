package dev.dynauth.spring.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.PublicUrl;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * A WebMvc gateway has {@code spring-cloud-gateway-server-webmvc} and none of the WebFlux gateway's classes, which this
 * module's tests all have: here {@link DynauthGatewayMvc}'s filter runs in a class loader without the WebFlux gateway's
 * jar. (It once took the signed-in user from a static method of the WebFlux route filter's factory: every request of
 * the sample's WebMvc gateway was a 500, NoClassDefFoundError.)
 */
class GatewayMvcWithoutWebFluxTest {

    private static final String WEBFLUX_GATEWAY_JAR = "spring-cloud-gateway-server-webflux";

    @Test
    void theWebMvcFilterRefusesAnAnonymousRequestWithoutTheWebFluxGatewayOnTheClassPath() throws Exception {
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        URL[] withoutWebFlux = classPath.stream()
                .filter(e -> !Path.of(e).getFileName().toString().startsWith(WEBFLUX_GATEWAY_JAR))
                .map(GatewayMvcWithoutWebFluxTest::url).toArray(URL[]::new);
        assertTrue(withoutWebFlux.length < classPath.size(), "the test class path has the WebFlux gateway: " + classPath);
        try (URLClassLoader mvcOnly = new URLClassLoader(withoutWebFlux, ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> mvcOnly.loadClass(DynauthGatewayAutoConfiguration.WEBFLUX_GATEWAY));
            @SuppressWarnings("unchecked")
            Callable<Integer> anonymous = (Callable<Integer>) mvcOnly.loadClass(AnonymousRequest.class.getName())
                    .getDeclaredConstructor().newInstance();
            assertEquals(401, anonymous.call());
        }
    }

    /** Loaded by the class loader without the WebFlux gateway: one anonymous request through a refusing route. */
    public static final class AnonymousRequest implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            DynauthProperties dynauth = new DynauthProperties();
            DynauthGatewayProperties gateway = new DynauthGatewayProperties();
            gateway.setIssuer("https://gw.example.com");
            GatewayIdentity identity = GatewayIdentity.of(gateway, dynauth, PublicUrl.of("https://gw.example.com", false),
                    Clock.systemUTC());
            ServerRequest request = ServerRequest.create(new MockHttpServletRequest("GET", "/api/me"), List.of());
            ServerResponse response = new DynauthGatewayMvc(identity).identity("api")
                    .filter(request, r -> ServerResponse.ok().build());
            return response.statusCode().value();
        }
    }

    private static URL url(String entry) {
        try {
            return Path.of(entry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(entry, e);
        }
    }
}
