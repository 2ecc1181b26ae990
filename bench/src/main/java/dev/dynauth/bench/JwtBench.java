package dev.dynauth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dynauth.jwt.AuthJsJwt;
import dev.dynauth.jwt.AuthJsToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Auth.js session tokens per second on one core: dynauth-jwt's {@link AuthJsJwt} against {@code @auth/core}'s
 * {@code decode}/{@code encode} and next-auth v4's {@code decode} in Node, on the same token made by
 * {@code @auth/core}. CPU only (no DynamoDB): both sides run one thread, taking turns, and the report gives
 * the median of the rounds and the ratio. Run it with {@code bench/run-jwt}.
 */
public final class JwtBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SALT = "authjs.session-token";
    static final String SECRET = "bench-secret-0123456789abcdef0123456789abcdef";

    record Options(int iterations, int warmup, int rounds, boolean json, Path script, Path interop) {
        static Options parse(String[] args) {
            int iterations = 20_000;
            int warmup = 10_000;
            int rounds = 3;
            boolean json = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--json" -> json = true;
                    case "-h", "--help" -> throw new IllegalArgumentException("");
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (iterations < 1 || rounds < 1 || warmup < 0) {
                throw new IllegalArgumentException("--iterations and --rounds must be at least 1");
            }
            return new Options(iterations, warmup, rounds, json, locate("dynauth.bench.jwt.script", Path.of("bench", "jwt-bench.mjs"), Path.of("jwt-bench.mjs")),
                    locate("dynauth.interop.dir", Path.of("interop"), Path.of("..", "interop")));
        }

        private static Path locate(String property, Path... candidates) {
            String configured = System.getProperty(property);
            if (configured != null) {
                return Path.of(configured).toAbsolutePath().normalize();
            }
            for (Path p : candidates) {
                if (Files.exists(p)) {
                    return p.toAbsolutePath().normalize();
                }
            }
            return candidates[0].toAbsolutePath().normalize();
        }
    }

    /** One benchmark's ops/s per round, each side. */
    record Row(String name, List<Double> dynauth, List<Double> node) {
        double dynauthMedian() {
            return median(dynauth);
        }

        double nodeMedian() {
            return median(node);
        }

        List<Double> ratios() {
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < dynauth.size(); i++) {
                r.add(dynauth.get(i) / node.get(i));
            }
            return r;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (RuntimeException e) {
            System.err.println((e.getMessage() == null || e.getMessage().isEmpty() ? "" : e.getMessage() + "\n")
                    + "usage: bench/run-jwt [--iterations N (20000)] [--warmup N (10000)] [--rounds N (3)] [--json]");
            System.exit(2);
            return;
        }
        Report report = run(o, System.err);
        System.out.println(o.json() ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report.json()) : report.table());
    }

    record Report(Options options, JsonNode versions, List<Row> rows, Instant at) {
        String table() {
            StringBuilder b = new StringBuilder();
            b.append("dynauth-jwt vs @auth/core ").append(versions.path("@auth/core").asText()).append(" / next-auth ")
                    .append(versions.path("next-auth").asText()).append(", ").append(at).append('\n');
            b.append(Runtime.getRuntime().availableProcessors()).append(" cpus; ").append(System.getProperty("java.vm.name"))
                    .append(' ').append(System.getProperty("java.runtime.version")).append("; node ")
                    .append(versions.path("node").asText()).append('\n');
            b.append(options.iterations()).append(" calls x ").append(options.rounds()).append(" rounds, one thread each side, after a warm-up of ")
                    .append(options.warmup()).append("\n\n");
            b.append(String.format("%-28s %14s %14s %7s %13s%n", "operation (one core)", "dynauth ops/s", "Node ops/s", "ratio", "ratio range"));
            b.append("-".repeat(80)).append('\n');
            for (Row r : rows) {
                List<Double> ratios = r.ratios();
                b.append(String.format("%-28s %14.0f %14.0f %7.2f %6.2f-%-6.2f%n", r.name(), r.dynauthMedian(), r.nodeMedian(),
                        median(ratios), ratios.stream().mapToDouble(d -> d).min().orElse(0),
                        ratios.stream().mapToDouble(d -> d).max().orElse(0)));
            }
            b.append("ops/s: median over rounds; ratio: dynauth / Node per round (above 1: dynauth is faster), median and range.\n");
            return b.toString();
        }

        JsonNode json() {
            ObjectNode root = JSON.createObjectNode();
            root.put("at", at.toString());
            root.put("cpus", Runtime.getRuntime().availableProcessors());
            root.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
            root.set("versions", versions);
            root.put("iterations", options.iterations());
            root.put("rounds", options.rounds());
            root.put("warmup", options.warmup());
            var rowsNode = root.putArray("operations");
            for (Row r : rows) {
                ObjectNode n = rowsNode.addObject();
                n.put("operation", r.name());
                n.put("dynauthOpsPerSecond", r.dynauthMedian());
                n.put("nodeOpsPerSecond", r.nodeMedian());
                n.put("ratio", median(r.ratios()));
                r.dynauth().forEach(n.putArray("dynauthRounds")::add);
                r.node().forEach(n.putArray("nodeRounds")::add);
            }
            return root;
        }
    }

    static Report run(Options o, java.io.PrintStream progress) throws Exception {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("name", "Ada Lovelace");
        claims.put("email", "ada@example.com");
        claims.put("picture", "https://example.com/ada.png");
        claims.put("sub", "0b7c6a2e-3f0e-4d55-9a4e-5c1f2b9d8e71");
        try (Node node = Node.start(o.script(), o.interop())) {
            ObjectNode tokensCmd = JSON.createObjectNode().put("op", "tokens").put("secret", SECRET).put("salt", SALT);
            tokensCmd.set("claims", JSON.valueToTree(claims));
            JsonNode tokens = node.call(tokensCmd);
            String v5 = tokens.path("v5").asText();
            String v4 = tokens.path("v4").asText();
            AuthJsJwt five = AuthJsJwt.builder().cookieName(SALT).secrets(SECRET).build();
            AuthJsJwt four = AuthJsJwt.builder().format(AuthJsJwt.Format.NEXTAUTH_V4).secrets(SECRET).build();
            // the same claims on both sides, or the comparison means nothing
            check(five.decode(v5), "the @auth/core token");
            check(four.decode(v4), "the next-auth v4 token");

            List<Row> rows = new ArrayList<>();
            rows.add(measure(o, node, progress, "decode (@auth/core, v5)", "decode-v5", v5, claims, () -> five.decode(v5)));
            rows.add(measure(o, node, progress, "decode (next-auth v4)", "decode-v4", v4, claims, () -> four.decode(v4)));
            rows.add(measure(o, node, progress, "encode (@auth/core, v5)", "encode-v5", v5, claims,
                    () -> five.encode(claims, Duration.ofDays(30))));
            return new Report(o, tokens.path("versions"), rows, Instant.now());
        }
    }

    private static void check(Optional<AuthJsToken> t, String what) {
        if (t.isEmpty() || !t.get().subject().orElse("").startsWith("0b7c6a2e")) {
            throw new IllegalStateException("dynauth-jwt does not decode " + what + " to its claims");
        }
    }

    private static Row measure(Options o, Node node, java.io.PrintStream progress, String name, String what, String token,
                               Map<String, Object> claims, Supplier<Object> java) throws IOException {
        ObjectNode cmd = JSON.createObjectNode().put("op", "run").put("what", what).put("secret", SECRET).put("salt", SALT)
                .put("token", token);
        cmd.set("claims", JSON.valueToTree(claims));
        if (o.warmup() > 0) {
            node.call(cmd.deepCopy().put("n", o.warmup()));
            time(java, o.warmup());
        }
        List<Double> dyn = new ArrayList<>();
        List<Double> js = new ArrayList<>();
        for (int round = 0; round < o.rounds(); round++) {
            // the sides take turns, and which goes first alternates
            double nodeOps;
            double javaOps;
            if (round % 2 == 0) {
                nodeOps = nodeOps(node.call(cmd.deepCopy().put("n", o.iterations())));
                javaOps = time(java, o.iterations());
            } else {
                javaOps = time(java, o.iterations());
                nodeOps = nodeOps(node.call(cmd.deepCopy().put("n", o.iterations())));
            }
            dyn.add(javaOps);
            js.add(nodeOps);
            progress.printf("%-28s round %d: dynauth %.0f ops/s, Node %.0f ops/s%n", name, round + 1, javaOps, nodeOps);
        }
        return new Row(name, dyn, js);
    }

    private static double nodeOps(JsonNode r) {
        if (r.path("check").path("sub").asText().isEmpty()) {
            throw new IllegalStateException("Node's last call did not return the claims: " + r.path("check"));
        }
        return r.path("n").asDouble() / (r.path("nanos").asDouble() / 1e9);
    }

    /** Calls per second of one thread; the results are kept so the JIT cannot drop the calls. */
    static double time(Supplier<Object> call, int n) {
        int sink = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += call.get().hashCode() & 1;
        }
        long nanos = System.nanoTime() - start;
        if (sink < 0) {
            throw new IllegalStateException();
        }
        return n / (nanos / 1e9);
    }

    static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** The {@code node bench/jwt-bench.mjs} process. */
    static final class Node implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BufferedReader out;

        private Node(Process process) {
            this.process = process;
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static Node start(Path script, Path interop) throws IOException {
            if (!Files.isRegularFile(script)) {
                throw new IllegalStateException("jwt-bench.mjs not found at " + script);
            }
            for (String pkg : List.of("@auth/core", "next-auth")) {
                if (!Files.isRegularFile(interop.resolve("node_modules").resolve(pkg).resolve("package.json"))) {
                    throw new IllegalStateException(pkg + " is not installed in " + interop.resolve("node_modules")
                            + ": run `npm ci --prefix interop` in the repository root");
                }
            }
            ProcessBuilder pb = new ProcessBuilder("node", script.toString(), interop.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("NODE_NO_WARNINGS", "1");
            return new Node(pb.start());
        }

        JsonNode call(ObjectNode cmd) throws IOException {
            in.write(JSON.writeValueAsString(cmd));
            in.write('\n');
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the Node side exited");
            }
            JsonNode answer = JSON.readTree(line);
            if (!answer.path("ok").asBoolean()) {
                throw new IllegalStateException("Node failed: " + answer.path("error").asText());
            }
            return answer.get("result");
        }

        @Override
        public void close() throws IOException {
            try {
                in.write("{\"op\":\"exit\"}\n");
                in.close();
            } catch (IOException ignored) {
                // gone already
            }
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private JwtBench() {
    }
}
