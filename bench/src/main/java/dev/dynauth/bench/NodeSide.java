package dev.dynauth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The npm side: one long-lived {@code node bench.mjs} process running the loops of {@code @auth/dynamodb-adapter}
 * itself and reporting its own timings and counts, so the pipe between Java and Node is never timed. Its stderr
 * goes to ours.
 */
final class NodeSide implements AutoCloseable {

    /** A backstop against a hung Node process; one call is one whole loop, so it is generous. */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(30);
    private static final String EOF = "\u0000eof";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private JsonNode versions;

    private NodeSide(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            } finally {
                lines.add(EOF);
            }
        }, "bench-node-stdout");
        pump.setDaemon(true);
        pump.start();
    }

    static NodeSide start(String node, Path script, Path interopDir, URI endpoint, String tableName) {
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("bench.mjs not found at " + script);
        }
        for (String pkg : List.of("@auth/dynamodb-adapter", "@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb")) {
            if (!Files.isRegularFile(interopDir.resolve("node_modules").resolve(pkg).resolve("package.json"))) {
                throw new IllegalStateException("The npm packages are not installed (" + pkg + " is missing in "
                        + interopDir.resolve("node_modules") + "). Run `npm ci --prefix interop` in the repository root.");
            }
        }
        ProcessBuilder pb = new ProcessBuilder(node, script.toString(), interopDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("NODE_NO_WARNINGS", "1");
        pb.environment().put("AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE", "1");
        NodeSide side;
        try {
            side = new NodeSide(pb.start());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start `" + node + "` (Node 20 or later is needed): " + e.getMessage(), e);
        }
        ObjectNode cmd = JSON.createObjectNode().put("op", "configure").put("endpoint", endpoint.toString())
                .put("tableName", tableName);
        side.versions = side.call(cmd);
        return side;
    }

    /** Node's version and the versions of the npm packages in use. */
    JsonNode versions() {
        return versions;
    }

    void setupDeleteUser(String prefix, int iterations, int sessionsPerUser) {
        call(JSON.createObjectNode().put("op", "phase").put("phase", "setupDeleteUser").put("prefix", prefix)
                .put("iterations", iterations).put("sessionsPerUser", sessionsPerUser));
    }

    /** The users and sessions that the npm adapter created in the phases of {@code prefix}, by iteration. */
    record Sessions(List<String> userIds, List<String> sessionTokens, List<String> selfLocatingTokens) {}

    Sessions sessions(String prefix) {
        JsonNode r = call(JSON.createObjectNode().put("op", "sessions").put("prefix", prefix));
        return new Sessions(texts(r.path("userIds")), texts(r.path("sessionTokens")), texts(r.path("selfLocatingTokens")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Runs iterations [from, to) of the operation inside Node, which times the loop itself. */
    PhaseResult run(Op op, String prefix, int from, int to) {
        JsonNode r = call(JSON.createObjectNode().put("op", "phase").put("phase", op.phase())
                .put("prefix", prefix).put("from", from).put("to", to));
        Map<String, Long> calls = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("calls").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            calls.put(e.getKey(), e.getValue().asLong());
        }
        Map<String, Double> capacityByApi = new TreeMap<>();
        r.path("capacityByApi").fields().forEachRemaining(e -> capacityByApi.put(e.getKey(), e.getValue().asDouble()));
        RequestCounter.Counts counts = new RequestCounter.Counts(calls, r.path("attempts").asLong(),
                r.path("failed").asLong(), r.path("capacityResponses").asLong(), r.path("capacityUnits").asDouble(),
                r.path("readUnits").asDouble(), r.path("writeUnits").asDouble(), capacityByApi);
        return new PhaseResult(r.path("iterations").asInt(), r.path("elapsedNs").asLong(), counts);
    }

    private JsonNode call(ObjectNode cmd) {
        try {
            stdin.write(JSON.writeValueAsString(cmd));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the Node side stopped accepting commands", e);
        }
        String line;
        try {
            line = lines.poll(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for Node", e);
        }
        if (line == null) {
            throw new IllegalStateException("no answer from Node within " + CALL_TIMEOUT + " to " + cmd.path("op").asText());
        }
        if (EOF.equals(line)) {
            throw new IllegalStateException("the Node side exited (see its messages above)");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("Node answered something else than JSON: " + line, e);
        }
        if (!answer.path("ok").asBoolean()) {
            throw new IllegalStateException("the npm side failed: " + answer.path("error").asText());
        }
        return answer.path("result");
    }

    @Override
    public void close() {
        try {
            stdin.write("{\"op\":\"exit\"}\n");
            stdin.flush();
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
