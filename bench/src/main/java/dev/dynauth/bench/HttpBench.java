package dev.dynauth.bench;

import static dev.dynauth.bench.HttpRounds.freePort;
import static dev.dynauth.bench.HttpRounds.loadAverage;
import static dev.dynauth.bench.HttpRounds.log;
import static dev.dynauth.bench.HttpRounds.minus;
import static dev.dynauth.bench.HttpRounds.peakRssMb;
import static dev.dynauth.bench.HttpRounds.waitFor200;

import dev.dynauth.bench.HttpRounds.Row;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.DynamoDbTables;
import dev.dynauth.SessionTokens;
import dev.dynauth.TableOptions;
import dev.dynauth.local.DynamoDbLocalServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The HTTP-level benchmark of issue 11: {@code dynauth serve} against {@code @auth/core} with the npm adapter in a
 * {@code node:http} server (1 and 2 workers), {@code GET /api/auth/session} for signed-in users, on one DynamoDB Local
 * in this JVM. Each server talks to DynamoDB through its own {@link CountingProxy}, which counts DynamoDB requests by
 * {@code X-Amz-Target} and the TCP connections opened. See bench/README.md, "HTTP benchmark".
 */
public final class HttpBench {

    private static final String TABLE = "bench-http";
    /** serve's DynamoDB connection pool: one connection per Tomcat request thread (DynauthHttpClient). */
    private static final int SERVE_POOL = 200;
    private static final String SECRET = "bench-secret-0123456789abcdef0123456789abcdef";

    /** --compare-opts: a second serve through ./dynauth with these JVM options (DYNAUTH_JAVA_OPTS) instead of "before". */
    private static List<String> compareOptions;

    record Target(String name, int port, ProcessHandle process, CountingProxy proxy, List<String> tokens) {}

    public static void main(String[] args) throws Exception {
        int sessions = 1000;
        int seconds = 20;
        int warmup = 15;
        int rounds = 3;
        List<Integer> connectionCounts = List.of(64, 1);
        Path jar = Path.of("dynauth-app/target/dynauth.jar");
        Path interop = Path.of("interop");
        Path script = Path.of("bench/authjs-server.mjs");
        String jfr = null;
        List<String> serveJavaOptions = List.of();
        // serve as people start it (./dynauth, its default settings), or as before issue 21 (java -Xmx256m -jar)
        boolean viaJar = false;
        boolean compareBefore = false;

        String javaHome = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sessions" -> sessions = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--connections" -> connectionCounts = java.util.Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
                case "--jar" -> {
                    jar = Path.of(args[++i]);
                    viaJar = true;
                }
                case "--before" -> compareBefore = true;
                case "--compare-opts" -> {
                    compareBefore = true;
                    compareOptions = List.of(args[++i].trim().split("\\s+"));
                }
                case "--java-home" -> javaHome = args[++i];
                case "--jfr" -> jfr = args[++i];
                case "--serve-java-opts" -> serveJavaOptions = List.of(args[++i].trim().split("\\s+"));
                case "--help", "-h" -> {
                    System.out.println("bench/http-run [--sessions 1000] [--seconds 20] [--warmup 15] [--rounds 3] [--connections 64,1] [--jfr serve.jfr] "
                            + "[--serve-java-opts \"-XX:+UseSerialGC\"] [--java-home DIR] [--jar dynauth.jar] [--before | --compare-opts \"-Dserver.tomcat.threads.max=32\"]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Process> started = new ArrayList<>();
        try (DynamoDbLocalServer ddb = DynamoDbLocalServer.builder().inMemory().port(0).start();
             DynamoDbClient client = DynamoDbClient.builder().endpointOverride(ddb.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                     .httpClientBuilder(ApacheHttpClient.builder().maxConnections(16)).build();
             CountingProxy serveProxy = new CountingProxy(ddb.port());
             CountingProxy beforeProxy = new CountingProxy(ddb.port());
             CountingProxy node1Proxy = new CountingProxy(ddb.port());
             CountingProxy node2Proxy = new CountingProxy(ddb.port())) {
            TableOptions options = TableOptions.builder().tableName(TABLE).build();
            DynamoDbTables.createIfMissing(client, options);
            log("seeding %d users, each with an Auth.js (UUID) session and a dynauth (self-locating) session...", sessions);
            List<String> uuidTokens = new ArrayList<>();
            List<String> selfTokens = new ArrayList<>();
            seed(DynamoDbAdapter.builder().client(client).options(options).sessionOwnerCacheSize(0).build(), sessions,
                    uuidTokens, selfTokens);

            if (!viaJar) {
                // the launcher's cache for serve on this JDK, made now rather than beside the measurements
                Path work = Files.createTempDirectory("dynauth-http-bench");
                StartupBench.train(Path.of("dynauth").toAbsolutePath(), javaHome == null ? Map.of() : Map.of("JAVA_HOME", javaHome), work,
                        List.of(List.of("--endpoint", "http://127.0.0.1:" + ddb.port(), "--table", TABLE, "--secret", SECRET)));
                Files.deleteIfExists(work);
            }
            int servePort = freePort();
            long t0 = System.nanoTime();
            List<String> javaOptions = new ArrayList<>(serveJavaOptions);
            if (jfr != null) {
                // a profile of serve for the whole run (JDK Flight Recorder, settings "profile")
                javaOptions.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
            }
            String serveHow = viaJar ? "java -Xmx256m " + String.join(" ", javaOptions) + " -jar " + jar.getFileName()
                    : "./dynauth (its defaults" + (javaOptions.isEmpty() ? "" : " + " + String.join(" ", javaOptions)) + ")";
            Process serve = startServe(viaJar, jar, javaHome, javaOptions, serveProxy, servePort);
            started.add(serve);
            waitFor200(servePort, "/health", serve, 180);
            double coldStart = (System.nanoTime() - t0) / 1e9;
            log("dynauth serve (%s) answered /health %.1f s after its start (pid %d)", serveHow, coldStart, serve.pid());
            long serveConnectionsAtStart = serveProxy.connectionsOpened();
            Process old = null;
            int beforePort = freePort();
            if (compareBefore) {
                // the same requests to serve as it ran before issue 21: java -Xmx256m -jar on the JDK of this benchmark
                // (with --compare-opts: serve through ./dynauth with those options instead, in the rows named "variant")
                old = compareOptions == null
                        ? startServe(true, Path.of("dynauth-app/target/dynauth.jar"), null, List.of(), beforeProxy, beforePort)
                        : startServe(false, jar, javaHome, compareOptions, beforeProxy, beforePort);
                started.add(old);
                waitFor200(beforePort, "/health", old, 300);
            }

            Map<Integer, Target> nodes = new LinkedHashMap<>();
            for (int workers : List.of(1, 2)) {
                CountingProxy proxy = workers == 1 ? node1Proxy : node2Proxy;
                int port = freePort();
                Process node = new ProcessBuilder("node", script.toString(), interop.toAbsolutePath().toString(),
                        String.valueOf(port), String.valueOf(workers), "http://127.0.0.1:" + proxy.port(), TABLE, SECRET)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                started.add(node);
                BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
                String ready = out.readLine();
                if (ready == null || !ready.startsWith("ready")) {
                    throw new IllegalStateException("the Auth.js server did not start: " + ready);
                }
                nodes.put(workers, new Target("@auth/core, " + workers + " worker" + (workers > 1 ? "s" : ""), port,
                        node.toHandle(), proxy, uuidTokens));
            }
            List<Target> targets = new ArrayList<>(List.of(
                    new Target("dynauth, own tokens", servePort, serve.toHandle(), serveProxy, selfTokens),
                    new Target("dynauth, Auth.js tokens", servePort, serve.toHandle(), serveProxy, uuidTokens),
                    nodes.get(1), nodes.get(2)));
            if (old != null) {
                String other = compareOptions == null ? "before" : "variant";
                targets.add(new Target(other + ", own tokens", beforePort, old.toHandle(), beforeProxy, selfTokens));
                targets.add(new Target(other + ", Auth.js tokens", beforePort, old.toHandle(), beforeProxy, uuidTokens));
                // the owners of the Auth.js tokens, as the other serve learnt them above
                runOnce(beforePort, uuidTokens);
            }

            // first sight: every Auth.js token once through dynauth (index + read), then the owner is remembered
            Map<String, Long> before = serveProxy.requests();
            HttpLoad.Result first = runOnce(servePort, uuidTokens);
            Map<String, Long> firstSight = minus(serveProxy.requests(), before);
            log("first sight of %d Auth.js tokens by dynauth: %s (%d signed in)", uuidTokens.size(), firstSight,
                    first.requests() - first.failures());
            before = node2Proxy.requests();
            HttpLoad.Result nodeFirst = runOnce(nodes.get(2).port(), uuidTokens);
            Map<String, Long> nodeSight = minus(node2Proxy.requests(), before);
            log("the same through @auth/core: %s (%d signed in)", nodeSight, nodeFirst.requests() - nodeFirst.failures());

            List<HttpRounds.Target> turns = targets.stream().map(t -> new HttpRounds.Target(t.name(), t.port(), t.process(),
                    t.proxy(), t.tokens(), HttpLoad.Probe.SESSION)).toList();
            final int perMeasurement = seconds;
            List<Row> rows = HttpRounds.inTurns(turns, connectionCounts, rounds, warmup,
                    (t, c, round) -> HttpRounds.measure(t, c, round, perMeasurement), new ArrayList<>());
            report(serveHow, old == null ? null : old.toHandle(), rows, targets, connectionCounts, coldStart, serve.toHandle(), nodes, serveProxy, node1Proxy, node2Proxy,
                    serveConnectionsAtStart, firstSight, nodeSight, uuidTokens.size(), sessions, seconds, rounds, warmup);
        } finally {
            for (Process p : started) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** serve through the launcher at its defaults (on the JDK it picks, or javaHome's), or java -Xmx256m -jar. */
    private static Process startServe(boolean viaJar, Path jar, String javaHome, List<String> options, CountingProxy proxy,
                                      int port) throws IOException {
        List<String> command = new ArrayList<>();
        if (viaJar) {
            command.addAll(List.of("java", "-Xmx256m"));
            command.addAll(options);
            command.addAll(List.of("-jar", jar.toString()));
        } else {
            command.addAll(List.of("bash", "dynauth"));
        }
        command.addAll(List.of("serve", "--endpoint", "http://127.0.0.1:" + proxy.port(), "--table", TABLE,
                "--port", String.valueOf(port), "--secret", SECRET, "--sweep-every", "P1D"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("JAVA_HOME");
        if (!viaJar) {
            pb.environment().put("DYNAUTH_NO_BUILD", "1");
            if (javaHome != null) pb.environment().put("JAVA_HOME", javaHome);
            if (!options.isEmpty()) pb.environment().put("DYNAUTH_JAVA_OPTS", String.join(" ", options));
        }
        return pb.start();
    }

    private static HttpLoad.Result runOnce(int port, List<String> tokens) throws InterruptedException {
        // one connection, as many requests as fit in the time: enough for each token once at a few ms each
        HttpLoad.Result r = HttpLoad.runCount(port, tokens);
        return r;
    }

    /** utime + stime of a process in clock ticks (StartupBench reads it here). */
    static long ticks(long pid) {
        return HttpRounds.ticks(pid);
    }

    /** Peak resident set (VmHWM) of a process in kB (StartupBench reads it here). */
    static long hwm(long pid) {
        return HttpRounds.hwm(pid);
    }

    private static void seed(DynamoDbAdapter adapter, int n, List<String> uuidTokens, List<String> selfTokens)
            throws InterruptedException {
        Instant expires = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MILLIS);
        String[] uuids = new String[n];
        String[] selfs = new String[n];
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < n; i++) {
            final int k = i;
            pool.submit(() -> {
                // no email: one PutItem each instead of a uniqueness query and a transaction, so that seeding takes
                // seconds on a loaded machine; the session path reads the user item whatever it holds
                AdapterUser u = adapter.createUser(AdapterUser.builder().id(UUID.randomUUID().toString())
                        .name("User " + k).image("https://example.com/avatars/" + k + ".png").build());
                uuids[k] = UUID.randomUUID().toString();
                adapter.createSession(new AdapterSession(uuids[k], u.id(), expires));
                selfs[k] = SessionTokens.issue(u.id());
                adapter.createSession(new AdapterSession(selfs[k], u.id(), expires));
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("seeding took too long");
        }
        uuidTokens.addAll(List.of(uuids));
        selfTokens.addAll(List.of(selfs));
    }

    private static void report(String serveHow, ProcessHandle old, List<Row> rows, List<Target> targets, List<Integer> connectionCounts, double coldStart,
                               ProcessHandle serve, Map<Integer, Target> nodes, CountingProxy serveProxy,
                               CountingProxy node1Proxy, CountingProxy node2Proxy, long serveConnectionsAtStart,
                               Map<String, Long> firstSight, Map<String, Long> nodeSight, int tokens, int sessions,
                               int seconds, int rounds, int warmup) {
        StringBuilder o = new StringBuilder();
        o.append(String.format(Locale.ROOT, "dynauth serve vs @auth/core (node:http) on DynamoDB Local, %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        o.append(String.format(Locale.ROOT, "%d cpus, %s %s; %s; node %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"), nodeVersion()));
        o.append(String.format(Locale.ROOT, "serve: %s serve --endpoint <proxy>%s%n", serveHow,
                old == null ? "" : compareOptions == null ? "; before: java -Xmx256m -jar dynauth.jar serve, on this JVM"
                        : "; variant: the same with DYNAUTH_JAVA_OPTS=\"" + String.join(" ", compareOptions) + "\""));
        o.append(String.format(Locale.ROOT, "%d users with 2 sessions each; GET /api/auth/session, %d s per measurement, %d rounds "
                + "(order reversed every other round), after a warm-up of %d s per server; load average %s%n",
                sessions, seconds, rounds, warmup, loadAverage()));
        List<String> names = targets.stream().map(Target::name).toList();
        HttpRounds.table(o, rows, names, connectionCounts, 26);
        o.append(String.format(Locale.ROOT, "%nRatios, dynauth / @auth/core with 2 workers, per round (median [range]):%n"));
        for (int c : connectionCounts) {
            for (String dyn : names.stream().filter(n -> !n.startsWith("@auth")).toList()) {
                o.append(String.format(Locale.ROOT, "  %2d conns, %-24s %s%n", c, dyn,
                        HttpRounds.ratios(rows, dyn, nodes.get(2).name(), c, rounds, false)));
            }
        }
        o.append(String.format(Locale.ROOT, "%nDynamoDB requests per signed-in request (loopback proxy, by X-Amz-Target):%n"));
        HttpRounds.ddbPerRequest(o, rows, names, 26);
        o.append(String.format(Locale.ROOT, "  first sight of each of %d Auth.js tokens: dynauth %s, @auth/core %s%n", tokens, firstSight, nodeSight));
        o.append(String.format(Locale.ROOT, "%nTCP connections to DynamoDB during the whole run, opened (most open at once): "
                + "dynauth %d (%d) with a pool of %d; @auth/core 1 worker %d (%d), 2 workers %d (%d)%n",
                serveProxy.connectionsOpened(), serveProxy.maxOpenConnections(), SERVE_POOL,
                node1Proxy.connectionsOpened(), node1Proxy.maxOpenConnections(),
                node2Proxy.connectionsOpened(), node2Proxy.maxOpenConnections()));
        o.append(String.format(Locale.ROOT, "Peak RSS: dynauth serve %.0f MB%s; @auth/core 1 worker %.0f MB, 2 workers %.0f MB (primary + workers)%n",
                peakRssMb(serve), old == null ? "" : String.format(Locale.ROOT, " (%s: %.0f MB)",
                        compareOptions == null ? "before" : "variant " + String.join(" ", compareOptions), peakRssMb(old)),
                peakRssMb(nodes.get(1).process()), peakRssMb(nodes.get(2).process())));
        o.append(String.format(Locale.ROOT, "Cold start: dynauth serve (DynamoDB on loopback) to its first 200 from /health: %.1f s "
                + "(one start, beside the seeding; bench/startup measures start-up)%n", coldStart));
        System.out.print(o);
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").start();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
