package dev.dynauth.spring.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A service behind the gateway, on a loopback port: it records the headers of every request it gets and answers 200,
 * setting one cookie of its own and trying to set the Auth.js session cookie.
 */
final class RecordingService implements AutoCloseable {

    /** One request as the service saw it: its path and headers (names lower case). */
    record Seen(String path, Map<String, List<String>> headers) {
        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        String one(String name) {
            List<String> values = all(name);
            return values.isEmpty() ? null : String.join(", ", values);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

    RecordingService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            seen.add(new Seen(exchange.getRequestURI().getRawPath(), headers));
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Set-Cookie", "service-pref=1; Path=/");
            exchange.getResponseHeaders().add("Set-Cookie", "authjs.session-token=from-the-service; Path=/; HttpOnly");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request the service got; fails when none came within 10 s. */
    Seen next() throws InterruptedException {
        Seen s = seen.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("the service got no request");
        }
        return s;
    }

    /** Whether no request reached the service (a request the gateway forwarded is recorded before its answer). */
    boolean nothingReached() {
        return seen.isEmpty();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
