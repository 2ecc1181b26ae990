package dev.dynauth.interop;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@code node interop/driver.mjs} process: the real npm adapter and {@code @auth/core}, spoken to in
 * JSON lines. One process serves the whole module ({@link SharedNodeDriver}); {@link #configure} points it at
 * another table.
 */
final class NodeDriver implements AutoCloseable {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();

    private NodeDriver(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        pump(process.getInputStream(), "node-driver-stdout", line -> lines.add(line), () -> lines.add(EOF));
        pump(process.getErrorStream(), "node-driver-stderr", line -> {
            synchronized (stderrTail) {
                stderrTail.addLast(line);
                while (stderrTail.size() > 20) {
                    stderrTail.removeFirst();
                }
            }
        }, () -> {});
    }

    /** The folder holding package.json, node_modules and driver.mjs. */
    static Path interopDir() {
        String configured = System.getProperty("dynauth.interop.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "interop");
        return dir.toAbsolutePath().normalize();
    }

    static NodeDriver start() {
        Path dir = interopDir();
        if (!Files.isRegularFile(dir.resolve("driver.mjs"))) {
            fail("interop/driver.mjs not found in " + dir);
        }
        for (String pkg : List.of("@auth/dynamodb-adapter", "@auth/core", "@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb",
                "next-auth")) {
            if (!Files.isRegularFile(dir.resolve("node_modules").resolve(pkg).resolve("package.json"))) {
                fail("The npm packages of the interoperability tests are not installed (" + pkg + " is missing in "
                        + dir.resolve("node_modules") + "). Run `npm ci --prefix interop` in the repository root first.");
            }
        }
        ProcessBuilder pb = new ProcessBuilder("node", "driver.mjs").directory(dir.toFile());
        pb.environment().put("NODE_NO_WARNINGS", "1");
        pb.environment().put("AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE", "1");
        try {
            return new NodeDriver(pb.start());
        } catch (IOException e) {
            return fail("Cannot start `node` from PATH (Node 20 or later is needed for the interoperability tests): "
                    + e.getMessage());
        }
    }

    /** Points the driver at a table: a fresh npm adapter and @auth/core configuration. */
    void configure(String endpoint, Map<String, Object> tableOptions, String secret) {
        configure(endpoint, tableOptions, secret, "database");
    }

    /** The same with Auth.js's session strategy, {@code "database"} or {@code "jwt"}. */
    void configure(String endpoint, Map<String, Object> tableOptions, String secret, String strategy) {
        configure(endpoint, tableOptions, Map.of("secret", secret, "strategy", strategy));
    }

    /** The same with any of configure's settings ({@code secret} or {@code env}, {@code strategy}, {@code jwtPadding}). */
    void configure(String endpoint, Map<String, Object> tableOptions, Map<String, Object> settings) {
        Map<String, Object> cmd = new LinkedHashMap<>(settings);
        cmd.put("op", "configure");
        cmd.put("endpoint", endpoint);
        cmd.put("options", tableOptions);
        call(cmd);
    }

    /** Calls one method of the npm adapter; the answer with dates as Instants, numbers as Long or BigDecimal. */
    Object adapter(String method, Object... args) {
        Map<String, Object> cmd = new LinkedHashMap<>();
        cmd.put("op", "adapter");
        cmd.put("method", method);
        cmd.put("args", List.of(args));
        return call(cmd);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> adapterMap(String method, Object... args) {
        return (Map<String, Object>) adapter(method, args);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> op(String op, Map<String, Object> fields) {
        Map<String, Object> cmd = new LinkedHashMap<>(fields);
        cmd.put("op", op);
        return (Map<String, Object>) call(cmd);
    }

    Object call(Map<String, Object> cmd) {
        String request = Json.write(cmd);
        try {
            stdin.write(request);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            fail("the Node driver stopped accepting commands" + diagnostics(), e);
        }
        String what = cmd.get("op") + (cmd.containsKey("method") ? " " + cmd.get("method") : "");
        long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
        while (true) {
            String line;
            try {
                line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted waiting for Node (" + what + ")");
            }
            if (line == null) {
                return fail("Node did not answer " + what + " within " + CALL_TIMEOUT.toSeconds() + " s" + diagnostics());
            }
            if (line == EOF) {
                return fail("the Node driver exited while running " + what + diagnostics());
            }
            if (!line.startsWith("{\"ok\"")) {
                continue; // anything else a library printed to stdout
            }
            JsonNode answer = Json.parse(line);
            if (!answer.path("ok").asBoolean()) {
                return fail("Node failed " + what + ": " + answer.path("error").asText());
            }
            return Json.toJava(answer.get("result"));
        }
    }

    private String diagnostics() {
        synchronized (stderrTail) {
            return stderrTail.isEmpty() ? "" : "; Node's stderr ends with:\n" + String.join("\n", stderrTail);
        }
    }

    @Override
    public void close() {
        try {
            stdin.write("{\"op\":\"exit\"}\n");
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void pump(InputStream in, String name, java.util.function.Consumer<String> sink, Runnable atEnd) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // the process ended
            } finally {
                atEnd.run();
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }
}
