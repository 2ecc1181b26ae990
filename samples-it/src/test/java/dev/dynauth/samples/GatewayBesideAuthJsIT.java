package dev.dynauth.samples;

import dev.dynauth.testkit.HttpBrowser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.TableOptions;
import dev.dynauth.local.DynamoDbLocalServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * samples/gateway-shared-with-nextjs as its README runs it: the Auth.js side (the Next.js app's auth routes, on the
 * real @auth/core), the gateway (Spring Cloud Gateway on WebFlux with the dynauth starter) and the service behind it
 * (a plain Spring Boot resource server), on one DynamoDB Local. Anonymous requests are refused (API) or sent to the
 * Auth.js sign-in page (browser); a user signed in by Auth.js reaches the service through the gateway, which names
 * them by id; a forged identity header or Bearer never reaches the service, nor does the Auth.js cookie.
 */
class GatewayBesideAuthJsIT {

    private static final Duration START = Duration.ofMinutes(3);
    private static final String SECRET = "samples-it-gateway-secret-not-for-production";

    @Test
    void aUserSignedInByAuthJsReachesTheServiceThroughTheGatewayAndNothingForgedDoes() throws Exception {
        Path sample = SampleBuild.build("gateway-shared-with-nextjs");
        // the Auth.js side is the one of samples/spring-shared-with-nextjs, as the README says
        Path authjs = sample.resolve("authjs");
        copy(SampleBuild.ROOT.resolve("samples").resolve("spring-shared-with-nextjs").resolve("authjs"), authjs);
        SamplesIT.withAuthJsPackages(authjs);

        String table = "next-auth-gateway";
        try (DynamoDbLocalServer dynamoDb = DynamoDbLocalServer.builder().inMemory().port(0).start()) {
            Map<String, String> env = SamplesIT.sharedTable(dynamoDb, table, SECRET);
            String gatewayUrl = "http://127.0.0.1:" + NextJsBesideSpringIT.freePort();
            String serviceUrl = "http://127.0.0.1:" + NextJsBesideSpringIT.freePort();
            try (RunningProcess authJs = SamplesIT.startAuthJs(authjs, env)) {
                String next = authJs.await(SamplesIT.AUTHJS_LISTENING, 0, Duration.ofSeconds(60)).group(1);
                Map<String, String> springEnv = new HashMap<>(env);
                springEnv.putAll(Map.of("AUTHJS_URL", next, "GATEWAY_URL", gatewayUrl, "SERVICE_URL", serviceUrl));
                try (RunningProcess service = start(sample.resolve("service"), springEnv, serviceUrl);
                     RunningProcess gateway = start(sample.resolve("gateway"), springEnv, gatewayUrl)) {
                    service.await(Pattern.compile("Tomcat started on port"), 0, START);
                    gateway.await(Pattern.compile("Netty started on port"), 0, START);
                    try {
                        throughTheGateway(authJs, next, gatewayUrl, serviceUrl,
                                DynamoDbAdapter.builder().client(dynamoDb.client())
                                        .options(TableOptions.builder().tableName(table).build()).build());
                    } catch (AssertionError e) {
                        throw new AssertionError(e.getMessage() + "\n--- gateway:\n" + gateway.tail() + "\n--- service:\n"
                                + service.tail(), e);
                    }
                }
            }
        }
    }

    private static void throughTheGateway(RunningProcess authJs, String next, String gateway, String service,
                                          DynamoDbAdapter table) throws Exception {
        HttpBrowser browser = new HttpBrowser();

        // anonymous: the API route refuses, the page route sends the browser to Auth.js and back to the gateway
        assertEquals(401, browser.get(gateway + "/api/me", "application/json").statusCode());
        HttpResponse<String> page = browser.get(gateway + "/me", "text/html");
        assertEquals(302, page.statusCode(), page.body());
        assertEquals(next + "/api/auth/signin?callbackUrl=" + URLEncoder.encode(gateway + "/me", StandardCharsets.UTF_8),
                HttpBrowser.location(page));

        // anonymous with a forged identity: refused at the gateway; the service itself refuses a Bearer it cannot check
        assertEquals(401, send(gateway + "/api/me", "X-Dynauth-User-Id", "admin", "Authorization", "Bearer forged"));
        assertEquals(401, send(service + "/me", "Authorization", "Bearer forged"));

        // signed in by Auth.js: the service gets the user, by id, and nothing else the client sent about itself
        String session = SamplesIT.signInWithAuthJs(browser, authJs, next, "grace@example.com");
        AdapterUser grace = table.getUserByEmail("grace@example.com").orElseThrow();
        HttpResponse<String> me = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway + "/api/me"))
                .header("Accept", "application/json")
                .header("Cookie", "authjs.session-token=" + session + "; authjs.csrf-token=x; lang=en")
                .header("X-Dynauth-User-Id", "admin").header("X-Dynauth-User-Email", "admin@example.com")
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), me.body());
        assertTrue(me.body().contains("\"id\":\"" + grace.id() + "\""), me.body());
        assertTrue(me.body().contains("\"email\":\"grace@example.com\""), me.body());
        assertTrue(me.body().contains("\"audience\":[\"sample-service\"]"), me.body());
        assertTrue(me.body().contains("\"cookies\":[\"lang\"]"), "only the application's own cookie: " + me.body());
        assertTrue(me.body().contains("\"identityHeaders\":[]"), me.body());
        assertFalse(me.body().contains(session), me.body());

        // the browser's own way: its cookie jar, the page route, a browser's Accept (the service answers JSON)
        HttpResponse<String> mine = browser.get(gateway + "/me", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertEquals(200, mine.statusCode(), mine.body());
        assertTrue(mine.body().contains("\"id\":\"" + grace.id() + "\""), mine.body());

        // the session token as a Bearer is no way past the gateway either: the service gets the gateway's token
        HttpResponse<String> bearer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway + "/api/me"))
                .header("Authorization", "Bearer " + session).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertFalse(bearer.body().contains(session), bearer.body());
    }

    private static int send(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** One of the sample's two applications, on the port of {@code url}. */
    private static RunningProcess start(Path app, Map<String, String> env, String url) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                SampleBuild.jar(app).toString()).directory(app.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("NEXT_AUTH_") || k.startsWith("AUTH_"));
        pb.environment().putAll(env);
        pb.environment().put("PORT", Integer.toString(URI.create(url).getPort()));
        return RunningProcess.start(app.getFileName().toString(), pb);
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        for (String file : List.of("auth.mjs", "server.mjs", "package.json")) {
            Files.copy(from.resolve(file), to.resolve(file));
        }
    }
}
