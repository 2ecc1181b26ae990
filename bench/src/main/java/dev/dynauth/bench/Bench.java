package dev.dynauth.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dynauth.DynamoDbTables;
import dev.dynauth.TableOptions;
import dev.dynauth.local.DynamoDbLocalServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * dynauth against the npm {@code @auth/dynamodb-adapter}, both on one DynamoDB Local server on loopback, each on
 * its own table with the default key names. For every operation of a sign-in mix each side runs the same loop
 * (dynauth in this JVM, the npm adapter inside one long-lived Node process that times itself), and the report
 * gives operations per second, their ratio, and the DynamoDB requests and capacity units per operation.
 *
 * <pre>
 *   bench/run [--iterations N] [--warmup N] [--rounds N] [--sessions-per-user N] [--json]
 * </pre>
 *
 * <p>Progress goes to stderr; the table (or with {@code --json} the JSON report) to stdout.
 */
public final class Bench {

    static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;
    static final String DYNAUTH_TABLE = "bench-dynauth";
    static final String NPM_TABLE = "bench-npm";

    /** Held so the level sticks: java.util.logging keeps loggers weakly. */
    private static final java.util.logging.Logger SQLITE_LOG = java.util.logging.Logger.getLogger("com.almworks.sqlite4java");

    private Bench() {}

    /** The command line. */
    record Options(int iterations, int warmup, int rounds, int chunk, int sessionsPerUser, boolean json,
                   String httpClient, String node, Path script, Path interopDir) {

        static final String USAGE = """
                usage: bench/run [options]
                  --iterations N         timed iterations of each operation per round (default 500)
                  --warmup N             iterations of each operation in the untimed warm-up round (default 500)
                  --rounds N             timed rounds; ops/s is the median over rounds (default 3)
                  --chunk N              iterations per turn: the sides take turns in chunks of N (default 25)
                  --sessions-per-user N  sessions of each user deleted by deleteUser (default 10)
                  --json                 print the report as JSON on stdout (the table then goes to stderr)
                  --http-client NAME     dynauth's SDK HTTP client: apache (default, as the Spring Boot starter)
                                         or url-connection (as DynamoDbLocalServer.client())
                  --node PATH            the node executable (default: node)
                  --script FILE          bench.mjs (default: bench/bench.mjs)
                  --interop DIR          the folder with the npm packages' node_modules (default: interop)
                """;

        static Options parse(String... args) {
            int iterations = 500;
            int warmup = 500;
            int rounds = 3;
            int chunk = 25;
            int sessions = 10;
            boolean json = false;
            String httpClient = "apache";
            String node = "node";
            Path script = null;
            Path interop = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--iterations" -> iterations = positive(a, value(args, ++i, a), 1);
                    case "--warmup" -> warmup = positive(a, value(args, ++i, a), 0);
                    case "--rounds" -> rounds = positive(a, value(args, ++i, a), 1);
                    case "--chunk" -> chunk = positive(a, value(args, ++i, a), 1);
                    case "--sessions-per-user" -> sessions = positive(a, value(args, ++i, a), 0);
                    case "--json" -> json = true;
                    case "--http-client" -> {
                        httpClient = value(args, ++i, a);
                        if (!List.of("apache", "url-connection").contains(httpClient)) {
                            throw new IllegalArgumentException("--http-client must be apache or url-connection");
                        }
                    }
                    case "--node" -> node = value(args, ++i, a);
                    case "--script" -> script = Path.of(value(args, ++i, a));
                    case "--interop" -> interop = Path.of(value(args, ++i, a));
                    case "-h", "--help" -> throw new IllegalArgumentException("");
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (sessions > 23) {
                // The npm adapter deletes at most 25 items per user (one BatchWriteItem) and leaves the rest.
                throw new IllegalArgumentException("--sessions-per-user must be at most 23: the npm adapter's "
                        + "deleteUser removes only the first 25 items of a user (user + account + sessions)");
            }
            return new Options(iterations, warmup, rounds, chunk, sessions, json, httpClient, node,
                    (script != null ? script : locate("dynauth.bench.script", "bench.mjs")).toAbsolutePath().normalize(),
                    (interop != null ? interop : locate("dynauth.interop.dir", "interop")).toAbsolutePath().normalize());
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int positive(String option, String value, int min) {
            try {
                int n = Integer.parseInt(value);
                if (n < min) {
                    throw new IllegalArgumentException(option + " must be at least " + min);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a number: " + value);
            }
        }

        /** A system property, else found from the repository root or from bench/. */
        private static Path locate(String property, String name) {
            String configured = System.getProperty(property);
            if (configured != null) {
                return Path.of(configured);
            }
            Path inBench = Path.of("bench", name);
            List<Path> candidates = name.equals("bench.mjs")
                    ? List.of(inBench, Path.of(name))
                    : List.of(Path.of(name), Path.of("..", name));
            return candidates.stream().filter(Files::exists).findFirst().orElse(candidates.get(0));
        }
    }

    /** One operation's results: per round, for each side. */
    record Row(Op op, List<PhaseResult> dynauth, List<PhaseResult> npm) {

        double dynauthOpsPerSecond() {
            return median(dynauth);
        }

        double npmOpsPerSecond() {
            return median(npm);
        }

        /** The ratio of each round: dynauth ops/s over npm ops/s, both measured in the same turns. */
        double[] ratios() {
            double[] r = new double[dynauth.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = dynauth.get(i).opsPerSecond() / npm.get(i).opsPerSecond();
            }
            return r;
        }

        /**
         * The median of the rounds' ratios. Each round's ratio pairs measurements taken under the same load, so it
         * is steadier on a shared machine than the ratio of the two medians.
         */
        double ratio() {
            return median(ratios());
        }

        double minRatio() {
            return Arrays.stream(ratios()).min().orElse(Double.NaN);
        }

        double maxRatio() {
            return Arrays.stream(ratios()).max().orElse(Double.NaN);
        }

        private static double median(List<PhaseResult> results) {
            return median(results.stream().mapToDouble(PhaseResult::opsPerSecond).toArray());
        }

        private static double median(double[] values) {
            double[] v = values.clone();
            Arrays.sort(v);
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }

    /** The whole run. */
    record Report(Instant date, Options options, Map<String, String> environment, List<Row> rows) {}

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        // DynamoDB Local prints its configuration on stdout: keep stdout for the report alone.
        PrintStream stdout = System.out;
        System.setOut(System.err);
        Report report;
        try {
            report = run(options, System.err);
        } finally {
            System.setOut(stdout);
        }
        String table = table(report);
        if (options.json()) {
            System.err.println();
            System.err.print(table);
            System.out.println(json(report).toPrettyString());
        } else {
            System.out.print(table);
        }
        System.out.flush();
        // DynamoDB Local leaves non-daemon threads behind.
        System.exit(0);
    }

    /** Runs the benchmark; progress goes to {@code progress}. */
    static Report run(Options o, PrintStream progress) {
        SQLITE_LOG.setLevel(java.util.logging.Level.WARNING);
        Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        progress.printf("dynauth bench: %d iterations x %d rounds per operation in turns of %d, warm-up %d, "
                + "%d sessions per deleted user%n", o.iterations(), o.rounds(), o.chunk(), o.warmup(), o.sessionsPerUser());
        progress.println("Starting DynamoDB Local on loopback...");
        try (DynamoDbLocalServer server = DynamoDbLocalServer.builder().inMemory().port(0).start();
             DynamoDbClient admin = server.client()) {
            DynamoDbTables.createIfMissing(admin, TableOptions.builder().tableName(DYNAUTH_TABLE).build());
            DynamoDbTables.createIfMissing(admin, TableOptions.builder().tableName(NPM_TABLE).build());
            progress.printf("DynamoDB Local on %s, tables %s and %s; starting Node...%n", server.endpoint(),
                    DYNAUTH_TABLE, NPM_TABLE);
            try (JavaSide dynauth = new JavaSide(server.endpoint(), DYNAUTH_TABLE, o.httpClient());
                 NodeSide npm = NodeSide.start(o.node(), o.script(), o.interopDir(), server.endpoint(), NPM_TABLE)) {
                Map<String, String> env = environment(npm.versions());
                env.put("dynauth HTTP client", o.httpClient());
                if (o.warmup() > 0) {
                    progress.printf("Warm-up round (%d iterations of each operation, not reported)%n", o.warmup());
                    round(o, dynauth, npm, "w", o.warmup(), true, progress, null);
                }
                Map<Op, List<PhaseResult>> d = new EnumMap<>(Op.class);
                Map<Op, List<PhaseResult>> n = new EnumMap<>(Op.class);
                for (int r = 1; r <= o.rounds(); r++) {
                    // Alternate which side starts, so that neither always has the first turn.
                    boolean dynauthFirst = r % 2 == 1;
                    progress.printf("Round %d/%d (%s first)%n", r, o.rounds(), dynauthFirst ? "dynauth" : "npm");
                    Map<Op, PhaseResult[]> results = new EnumMap<>(Op.class);
                    round(o, dynauth, npm, "r" + r, o.iterations(), dynauthFirst, progress, results);
                    results.forEach((op, pair) -> {
                        d.computeIfAbsent(op, k -> new ArrayList<>()).add(pair[0]);
                        n.computeIfAbsent(op, k -> new ArrayList<>()).add(pair[1]);
                    });
                }
                List<Row> rows = new ArrayList<>();
                for (Op op : Op.values()) {
                    rows.add(new Row(op, d.get(op), n.get(op)));
                }
                progress.println("Done.");
                return new Report(date, o, env, rows);
            }
        }
    }

    private static void round(Options o, JavaSide dynauth, NodeSide npm, String prefix, int iterations,
                              boolean dynauthFirst, PrintStream progress, Map<Op, PhaseResult[]> results) {
        for (Op op : Op.values()) {
            if (op == Op.DELETE_USER && o.sessionsPerUser() > 0) {
                progress.printf("  setting up deleteUser: %d sessions for each of %d users on each side (untimed)%n",
                        o.sessionsPerUser(), iterations);
                dynauth.setupDeleteUser(prefix, iterations, o.sessionsPerUser());
                npm.setupDeleteUser(prefix, iterations, o.sessionsPerUser());
            }
            // Untimed; spreads the collection of the previous loops' garbage less unevenly over the loops.
            System.gc();
            // Chunks alternate between the sides (and which side goes first), so that both see the same
            // background load and the same state of DynamoDB Local; only the loops inside the chunks are timed.
            PhaseResult d = PhaseResult.NONE;
            PhaseResult n = PhaseResult.NONE;
            long lastReport = System.nanoTime();
            for (int from = 0, k = 0; from < iterations; from += o.chunk(), k++) {
                int to = Math.min(iterations, from + o.chunk());
                if ((k % 2 == 0) == dynauthFirst) {
                    d = d.plus(dynauth.run(op, prefix, from, to));
                    n = n.plus(npm.run(op, prefix, from, to));
                } else {
                    n = n.plus(npm.run(op, prefix, from, to));
                    d = d.plus(dynauth.run(op, prefix, from, to));
                }
                if (System.nanoTime() - lastReport >= PROGRESS_EVERY_NANOS && to < iterations) {
                    lastReport = System.nanoTime();
                    progress.printf("  %-28s %d/%d%n", op.label(), to, iterations);
                }
            }
            progress.printf(Locale.ROOT, "  %-28s dynauth %8.1f ops/s   npm %8.1f ops/s%n", op.label(),
                    d.opsPerSecond(), n.opsPerSecond());
            for (var side : List.of(Map.entry("dynauth", d), Map.entry("npm", n))) {
                RequestCounter.Counts c = side.getValue().counts();
                if (c.failed() > 0 || c.attempts() != c.requests()) {
                    progress.printf("  note: %s %s had %d failed requests and %d HTTP attempts for %d requests%n",
                            side.getKey(), op.label(), c.failed(), c.attempts(), c.requests());
                }
            }
            if (results != null) {
                results.put(op, new PhaseResult[] {d, n});
            }
        }
    }

    private static Map<String, String> environment(JsonNode versions) {
        Map<String, String> env = new TreeMap<>();
        env.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("node", versions.path("node").asText());
        versions.path("packages").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        env.put("software.amazon.awssdk", software.amazon.awssdk.core.util.VersionInfo.SDK_VERSION);
        return env;
    }

    // ---- output --------------------------------------------------------------------------------

    static String table(Report report) {
        StringBuilder out = new StringBuilder();
        Options o = report.options();
        out.append(String.format(Locale.ROOT, "dynauth vs @auth/dynamodb-adapter %s on DynamoDB Local, %s%n",
                report.environment().get("@auth/dynamodb-adapter"), report.date()));
        out.append(String.format(Locale.ROOT, "%s cpus, %s; %s; node %s; dynauth over the %s HTTP client%n",
                report.environment().get("cpus"), report.environment().get("os"), report.environment().get("java"),
                report.environment().get("node"), report.environment().get("dynauth HTTP client")));
        out.append(String.format(Locale.ROOT,
                "%d iterations x %d rounds per operation, the sides taking turns every %d, after a warm-up of %d;%n"
                        + "ops/s is the median of the rounds; deleteUser: user + 1 account + %d sessions%n%n",
                o.iterations(), o.rounds(), o.chunk(), o.warmup(), o.sessionsPerUser()));
        String head = "%-28s %13s %11s %7s %11s %8s %7s %8s %7s%n";
        out.append(String.format(Locale.ROOT, head, "operation", "dynauth ops/s", "npm ops/s", "ratio",
                "ratio range", "dyn req", "dyn CU", "npm req", "npm CU"));
        out.append("-".repeat(28 + 14 + 12 + 8 + 12 + 32)).append('\n');
        double logSum = 0;
        int adapterRows = 0;
        for (Row row : report.rows()) {
            Totals d = Totals.of(row.dynauth());
            Totals n = Totals.of(row.npm());
            out.append(String.format(Locale.ROOT, "%-28s %13.1f %11.1f %7.2f %11s %8.2f %7s %8.2f %7s%n",
                    row.op().label(), row.dynauthOpsPerSecond(), row.npmOpsPerSecond(), row.ratio(),
                    String.format(Locale.ROOT, "%.2f-%.2f", row.minRatio(), row.maxRatio()),
                    d.requestsPerOp(), cu(d.capacityPerOp()), n.requestsPerOp(), cu(n.capacityPerOp())));
            if (row.op().adapterOperation()) {
                logSum += Math.log(row.ratio());
                adapterRows++;
            }
        }
        out.append(String.format(Locale.ROOT, "%-28s %13s %11s %7.2f%n", "geometric mean (adapter ops)", "", "",
                Math.exp(logSum / adapterRows)));
        out.append("ops/s: median over rounds. ratio: dynauth ops/s / npm ops/s of each round (above 1: dynauth is faster),\n");
        out.append("median over rounds, with its range. req, CU: DynamoDB requests and consumed capacity units (read + write,\n");
        out.append("as DynamoDB Local reports them) per operation; deterministic.\n\n");
        out.append("Requests per operation by API (capacity units per operation)\n");
        for (Row row : report.rows()) {
            out.append(String.format(Locale.ROOT, "  %-28s dynauth: %s%n", row.op().label(), byApi(Totals.of(row.dynauth()))));
            out.append(String.format(Locale.ROOT, "  %-28s npm:     %s%n", "", byApi(Totals.of(row.npm()))));
        }
        return out.toString();
    }

    private static String cu(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String byApi(Totals t) {
        List<String> parts = new ArrayList<>();
        t.calls().forEach((api, count) -> {
            Double units = t.capacityResponses() == 0 ? null : t.capacityByApi().getOrDefault(api, 0.0);
            parts.add(api + " " + fmt((double) count / t.iterations())
                    + (units == null ? "" : " (" + fmt(units / t.iterations()) + " CU)"));
        });
        return String.join(", ", parts);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The counts of all rounds of one side and operation, added up. */
    record Totals(long iterations, Map<String, Long> calls, long requests, long capacityResponses, double capacityUnits,
                  double readUnits, double writeUnits, long failed, long attempts, Map<String, Double> capacityByApi) {

        static Totals of(List<PhaseResult> results) {
            Map<String, Long> calls = new TreeMap<>();
            Map<String, Double> capacityByApi = new TreeMap<>();
            long iterations = 0;
            long capacityResponses = 0;
            long failed = 0;
            long attempts = 0;
            double cu = 0;
            double ru = 0;
            double wu = 0;
            for (PhaseResult r : results) {
                iterations += r.iterations();
                r.counts().calls().forEach((k, v) -> calls.merge(k, v, Long::sum));
                r.counts().capacityByApi().forEach((k, v) -> capacityByApi.merge(k, v, Double::sum));
                capacityResponses += r.counts().capacityResponses();
                cu += r.counts().capacityUnits();
                ru += r.counts().readUnits();
                wu += r.counts().writeUnits();
                failed += r.counts().failed();
                attempts += r.counts().attempts();
            }
            long requests = calls.values().stream().mapToLong(Long::longValue).sum();
            return new Totals(iterations, calls, requests, capacityResponses, cu, ru, wu, failed, attempts, capacityByApi);
        }

        double requestsPerOp() {
            return (double) requests / iterations;
        }

        double capacityPerOp() {
            return capacityResponses == 0 ? Double.NaN : capacityUnits / iterations;
        }
    }

    static ObjectNode json(Report report) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        Options o = report.options();
        root.put("date", report.date().toString());
        root.put("iterations", o.iterations());
        root.put("warmup", o.warmup());
        root.put("rounds", o.rounds());
        root.put("chunk", o.chunk());
        root.put("sessionsPerUser", o.sessionsPerUser());
        ObjectNode env = root.putObject("environment");
        report.environment().forEach(env::put);
        ArrayNode ops = root.putArray("operations");
        for (Row row : report.rows()) {
            ObjectNode op = ops.addObject();
            op.put("operation", row.op().label());
            op.put("ratio", row.ratio());
            ArrayNode byRound = op.putArray("ratioByRound");
            Arrays.stream(row.ratios()).forEach(byRound::add);
            side(op.putObject("dynauth"), row.dynauth(), row.dynauthOpsPerSecond());
            side(op.putObject("npm"), row.npm(), row.npmOpsPerSecond());
        }
        return root;
    }

    private static void side(ObjectNode node, List<PhaseResult> results, double medianOpsPerSecond) {
        Totals t = Totals.of(results);
        node.put("opsPerSecond", medianOpsPerSecond);
        ArrayNode rounds = node.putArray("opsPerSecondByRound");
        results.forEach(r -> rounds.add(r.opsPerSecond()));
        node.put("requestsPerOp", t.requestsPerOp());
        ObjectNode byApi = node.putObject("requestsPerOpByApi");
        t.calls().forEach((api, count) -> byApi.put(api, (double) count / t.iterations()));
        if (t.capacityResponses() == 0) {
            node.putNull("capacityUnitsPerOp");
        } else {
            node.put("capacityUnitsPerOp", t.capacityPerOp());
            // DynamoDB Local reports only the total; DynamoDB on AWS also splits it into read and write units.
            if (t.readUnits() > 0 || t.writeUnits() > 0) {
                node.put("readCapacityUnitsPerOp", t.readUnits() / t.iterations());
                node.put("writeCapacityUnitsPerOp", t.writeUnits() / t.iterations());
            }
            ObjectNode cuByApi = node.putObject("capacityUnitsPerOpByApi");
            t.capacityByApi().forEach((api, units) -> cuByApi.put(api, units / t.iterations()));
        }
        node.put("failedRequests", t.failed());
        node.put("httpAttempts", t.attempts());
    }
}
