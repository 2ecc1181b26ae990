package dev.dynauth.bench;

import static dev.dynauth.bench.HttpRounds.log;

import dev.dynauth.DynamoDbTables;
import dev.dynauth.TableOptions;
import dev.dynauth.bench.HttpRounds.Row;
import dev.dynauth.bench.HttpRounds.Target;
import dev.dynauth.local.DynamoDbLocalServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The benchmark of issue 19: the same minimal application on the dynauth starter (bench/apps, {@code BenchApp}) run as
 * a WebFlux server and as a Spring MVC server, each in its own JVM with the same options, on one DynamoDB Local in this
 * JVM, each through its own {@link CountingProxy}. Signed-in requests ({@code GET /me}, {@code GET /api/auth/session})
 * with the sessions the npm adapter wrote: Auth.js (UUID) tokens after their first sight, and dynauth-form tokens.
 * Reported as in {@link HttpBench}: medians over rounds, and per-round ratios reactive / servlet with their ranges.
 * See bench/README.md, "Reactive benchmark".
 */
public final class ReactiveBench {

    static final String TABLE = "bench-reactive";
    private static final String SECRET = "bench-secret-0123456789abcdef0123456789abcdef";
    private static final String APP = "dev.dynauth.bench.apps.BenchApp";
    static final HttpLoad.Probe ME = new HttpLoad.Probe("/me", "\"id\"");
    private static final List<String> STACKS = List.of("reactive", "servlet");
    private static final int WIDTH = 36;

    record Options(int sessions, int seconds, int warmup, int rounds, List<Integer> connections, List<HttpLoad.Probe> probes,
                   String appsClasspath, String java, List<String> javaOptions, List<String> appArgs,
                   boolean reactiveAsServlet, Path interop, Path script) {

        /** Options as {@code --name value} pairs; {@code --reactive-as-servlet} alone. Defaults in {@link #USAGE}. */
        static Options parse(String... args) throws IOException {
            Map<String, String> v = new HashMap<>();
            boolean asServlet = false;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--reactive-as-servlet")) {
                    asServlet = true;
                } else if (!KNOWN.contains(args[i]) || i + 1 == args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "\n" + USAGE);
                } else {
                    v.put(args[i], args[++i]);
                }
            }
            List<HttpLoad.Probe> probes = Arrays.stream(v.getOrDefault("--paths", ME.path() + "," + HttpLoad.Probe.SESSION.path())
                    .split(",")).map(p -> p.equals(ME.path()) ? ME : p.equals(HttpLoad.Probe.SESSION.path()) ? HttpLoad.Probe.SESSION
                    : ReactiveBench.<HttpLoad.Probe>failOption("--paths takes /me and /api/auth/session, not " + p)).toList();
            // by default what bench/reactive-run builds: the application's classes and its runtime class path
            String classpath = v.containsKey("--apps-classpath") ? v.get("--apps-classpath")
                    : "bench/apps/target/classes:" + Files.readString(Path.of("bench/apps/target/apps.classpath")).trim();
            Path interop = Path.of(v.getOrDefault("--interop", System.getProperty("dynauth.interop.dir", "interop")));
            Path script = Path.of(System.getProperty("dynauth.bench.script", "bench/bench.mjs"));
            return new Options(number(v, "--sessions", 1000), number(v, "--seconds", 10), number(v, "--warmup", 10),
                    number(v, "--rounds", 3),
                    Arrays.stream(v.getOrDefault("--connections", "64,1").split(",")).map(Integer::valueOf).toList(), probes,
                    classpath, v.getOrDefault("--java", ProcessHandle.current().info().command().orElse("java")),
                    words(v.getOrDefault("--app-java-opts", "-Xmx256m")), words(v.getOrDefault("--app-args", "")), asServlet,
                    interop.toAbsolutePath(), script.toAbsolutePath());
        }

        private static final Set<String> KNOWN = Set.of("--sessions", "--seconds", "--warmup", "--rounds",
                "--connections", "--paths", "--apps-classpath", "--java", "--app-java-opts", "--app-args", "--interop");

        private static int number(Map<String, String> v, String name, int fallback) {
            return v.containsKey(name) ? Integer.parseInt(v.get(name)) : fallback;
        }

        private static List<String> words(String s) {
            return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
        }
    }

    static final String USAGE = "bench/reactive-run [--sessions 1000] [--seconds 10] [--warmup 10] [--rounds 3] [--connections 64,1] "
            + "[--paths /me,/api/auth/session] [--app-java-opts \"-Xmx256m\"] [--app-args \"--dynauth.x=y ...\"] [--java PATH] [--reactive-as-servlet]";

    private static <T> T failOption(String message) {
        throw new IllegalArgumentException(message);
    }

    /** An application server: its process and the proxy its DynamoDB requests go through. */
    private record App(String stack, Process process, int port, CountingProxy proxy, double coldStartSeconds) {}

    record Report(String text, List<Row> rows, Map<String, Map<String, Long>> firstSight) {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        System.out.print(run(Options.parse(args)).text());
    }

    static Report run(Options o) throws Exception {
        List<App> apps = new ArrayList<>();
        List<Process> starting = new ArrayList<>();
        List<CountingProxy> proxies = new ArrayList<>();
        Path logs = Files.createTempDirectory("dynauth-reactive-bench");
        List<String> loads = new ArrayList<>();
        loads.add(HttpRounds.loadAverage());
        try (DynamoDbLocalServer ddb = DynamoDbLocalServer.builder().inMemory().port(0).start();
             DynamoDbClient client = DynamoDbClient.builder().endpointOverride(ddb.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            DynamoDbTables.createIfMissing(client, TableOptions.builder().tableName(TABLE).build());
            log("the npm adapter writes %d users, each with an Auth.js (UUID) session and a dynauth-form session...", o.sessions());
            NodeSide.Sessions sessions = seed(o.sessions(), o.script(), o.interop(), ddb, TABLE, "rb");
            // both JVMs start at once (on a loaded machine a start takes up to a minute), then each is waited for
            List<Integer> ports = new ArrayList<>();
            long t0 = System.nanoTime();
            for (String stack : STACKS) {
                proxies.add(new CountingProxy(ddb.port()));
                ports.add(HttpRounds.freePort());
                starting.add(launch(o, stack, proxies.get(proxies.size() - 1), ports.get(ports.size() - 1), logs));
            }
            for (int i = 0; i < STACKS.size(); i++) {
                HttpRounds.awaitApp(STACKS.get(i), starting.get(i), ports.get(i), HttpLoad.Probe.SESSION.path(), 200,
                        logs.resolve(STACKS.get(i) + ".log"));
                apps.add(new App(STACKS.get(i), starting.get(i), ports.get(i), proxies.get(i), (System.nanoTime() - t0) / 1e9));
            }
            for (App app : apps) {
                log("%s app (pid %d) answered after %.1f s; its output: %s", app.stack(), app.process().pid(),
                        app.coldStartSeconds(), logs.resolve(app.stack() + ".log"));
            }
            Map<String, Map<String, Long>> firstSight = new LinkedHashMap<>();
            for (App app : apps) {
                // first sight: every Auth.js token once (the index, then the owner is remembered)
                Map<String, Long> before = app.proxy().requests();
                HttpLoad.Result r = HttpLoad.runCount(ME, app.port(), sessions.sessionTokens());
                firstSight.put(app.stack(), HttpRounds.minus(app.proxy().requests(), before));
                log("first sight of %d Auth.js tokens by the %s app: %s (%d signed in)", r.requests(), app.stack(),
                        firstSight.get(app.stack()), r.requests() - r.failures());
            }
            List<Target> targets = new ArrayList<>();
            for (HttpLoad.Probe probe : o.probes()) {
                for (boolean authjs : List.of(true, false)) {
                    for (App app : apps) {
                        targets.add(new Target(name(app.stack(), authjs, probe), app.port(), app.process().toHandle(), app.proxy(),
                                authjs ? sessions.sessionTokens() : sessions.selfLocatingTokens(), probe));
                    }
                }
            }
            List<Row> rows = HttpRounds.inTurns(targets, o.connections(), o.rounds(), o.warmup(),
                    (t, c, round) -> HttpRounds.measure(t, c, round, o.seconds()), loads);
            String text = report(o, apps, targets, rows, firstSight, sessions.sessionTokens().size(), loads);
            return new Report(text, rows, firstSight);
        } finally {
            for (Process p : starting) {
                p.destroy();
                p.waitFor(20, TimeUnit.SECONDS);
            }
            for (CountingProxy proxy : proxies) {
                proxy.close();
            }
        }
    }

    static String name(String stack, boolean authjsTokens, HttpLoad.Probe probe) {
        return stack + ", " + (authjsTokens ? "Auth.js" : "dynauth") + " tokens, " + probe.path();
    }

    /** Users, UUID sessions and dynauth-form sessions, written by @auth/dynamodb-adapter itself (bench.mjs). */
    static NodeSide.Sessions seed(int sessions, Path script, Path interop, DynamoDbLocalServer ddb, String table, String prefix) {
        try (NodeSide npm = NodeSide.start("node", script, interop, ddb.endpoint(), table)) {
            for (Op op : List.of(Op.CREATE_USER, Op.CREATE_SESSION, Op.CREATE_SELF_LOCATING_SESSION)) {
                npm.run(op, prefix, 0, sessions);
            }
            return npm.sessions(prefix);
        }
    }

    /** The application in its own JVM, as the given web application type. */
    private static Process launch(Options o, String stack, CountingProxy proxy, int port, Path logs) throws IOException {
        String type = o.reactiveAsServlet() ? "servlet" : stack;
        List<String> args = new ArrayList<>(List.of("--spring.main.web-application-type=" + type,
                "--server.port=" + port, "--dynauth.dynamodb.endpoint=http://127.0.0.1:" + proxy.port(),
                "--dynauth.table-name=" + TABLE, "--dynauth.secret=" + SECRET));
        args.addAll(o.appArgs());
        return HttpRounds.startApp(o.java(), o.javaOptions(), o.appsClasspath(), APP, args, logs.resolve(stack + ".log"));
    }

    private static String report(Options o, List<App> apps, List<Target> targets, List<Row> rows,
                                 Map<String, Map<String, Long>> firstSight, int tokens, List<String> loads) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "dynauth starter: WebFlux app vs Spring MVC app on DynamoDB Local, %s%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        out.append(String.format(Locale.ROOT, "%d cpus, %s %s; apps on %s %s; harness %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), o.java(), String.join(" ", o.javaOptions())
                        + (o.appArgs().isEmpty() ? "" : " (application arguments: " + String.join(" ", o.appArgs()) + ")"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version")));
        if (o.reactiveAsServlet()) {
            out.append("NOTE: --reactive-as-servlet: the \"reactive\" rows are a second SERVLET app (a check of the harness)\n");
        }
        out.append(String.format(Locale.ROOT, "%d users with 2 sessions each written by @auth/dynamodb-adapter; %s; %d s per measurement, "
                + "%d rounds (order reversed every other round), after a warm-up of %d s per case; load average (1 min) %s%n",
                o.sessions(), String.join(" and ", o.probes().stream().map(p -> "GET " + p.path()).toList()), o.seconds(),
                o.rounds(), o.warmup(), String.join(", ", loads.stream().map(l -> l.split(" ")[0]).toList())
                        + " (at the start and after each round)"));
        List<String> names = targets.stream().map(Target::name).toList();
        HttpRounds.table(out, rows, names, o.connections(), WIDTH);
        out.append(String.format(Locale.ROOT, "%nRatios, reactive / servlet, per round (median [range]):%n"));
        for (int c : o.connections()) {
            for (HttpLoad.Probe probe : o.probes()) {
                for (boolean authjs : List.of(true, false)) {
                    out.append(String.format(Locale.ROOT, "  %2d conns, %-34s %s%n", c,
                            (authjs ? "Auth.js" : "dynauth") + " tokens, " + probe.path(),
                            HttpRounds.ratios(rows, name("reactive", authjs, probe), name("servlet", authjs, probe), c,
                                    o.rounds(), true)));
                }
            }
        }
        long failures = rows.stream().mapToLong(Row::failures).sum();
        out.append(String.format(Locale.ROOT, "%nDynamoDB requests per signed-in request (loopback proxy, by X-Amz-Target)%s:%n",
                failures == 0 ? "" : "; " + failures + " requests FAILED"));
        HttpRounds.ddbPerRequest(out, rows, names, WIDTH);
        out.append(String.format(Locale.ROOT, "  first sight of each of %d Auth.js tokens: %s%n", tokens, firstSight));
        out.append(String.format(Locale.ROOT, "%nTCP connections to DynamoDB during the whole run, opened (most open at once):"));
        for (App app : apps) {
            out.append(String.format(Locale.ROOT, " %s %d (%d);", app.stack(), app.proxy().connectionsOpened(),
                    app.proxy().maxOpenConnections()));
        }
        out.append(String.format(Locale.ROOT, "%nPeak RSS:"));
        for (App app : apps) {
            out.append(String.format(Locale.ROOT, " %s %.0f MB;", app.stack(), HttpRounds.peakRssMb(app.process().toHandle())));
        }
        out.append(String.format(Locale.ROOT, "%nStart to the first 200 from /api/auth/session (both apps starting at once):"));
        for (App app : apps) {
            out.append(String.format(Locale.ROOT, " %s %.1f s;", app.stack(), app.coldStartSeconds()));
        }
        out.append(String.format(Locale.ROOT, "%n"));
        return out.toString();
    }
}
