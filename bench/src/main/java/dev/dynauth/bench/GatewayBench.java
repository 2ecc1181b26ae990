package dev.dynauth.bench;

import static dev.dynauth.bench.HttpRounds.log;
import static dev.dynauth.bench.HttpRounds.median;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The gateway benchmark of issue 19: what a Spring Cloud Gateway (WebFlux) with the starter's {@code DynauthIdentity}
 * filter adds to a signed-in request, against calling the service behind it directly. Two JVMs (bench/apps/gateway,
 * bench/apps/downstream), one DynamoDB Local in this JVM behind a {@link CountingProxy}, the sessions the npm adapter
 * wrote (as {@link ReactiveBench}). Measured in the same rounds, in turns:
 * <ul>
 *   <li><b>gateway</b>: {@code GET /me} to the gateway with the Auth.js cookie: the gateway reads the session (one
 *       {@code BatchGetItem}), mints a 60-s RS256 token and forwards to the service's {@code /me}, which checks it;</li>
 *   <li><b>direct</b>: {@code GET /me} to the service itself with {@code Authorization: Bearer} and a token of the same
 *       shape signed with the gateway's key (made here, valid for the run): the service does the same check and the
 *       same answer, without the gateway hop.</li>
 * </ul>
 * So gateway minus direct is exactly the gateway's cost. See bench/README.md, "Gateway benchmark".
 */
public final class GatewayBench {

    static final String TABLE = "bench-gateway";
    static final String AUDIENCE = "bench-service";
    private static final String SECRET = "bench-secret-0123456789abcdef0123456789abcdef";
    private static final String GATEWAY_APP = "dev.dynauth.bench.gateway.GatewayBenchApp";
    private static final String DOWNSTREAM_APP = "dev.dynauth.bench.downstream.DownstreamBenchApp";
    private static final String DIRECT = "direct, gateway-signed JWT, /me";
    private static final int WIDTH = 34;

    record Options(int sessions, int seconds, int warmup, int rounds, List<Integer> connections, String gatewayClasspath,
                   String downstreamClasspath, String java, List<String> javaOptions, List<String> gatewayArgs,
                   Path interop, Path script) {

        static final String USAGE = "bench/gateway-run [--sessions 1000] [--seconds 10] [--warmup 10] [--rounds 3] "
                + "[--connections 64,1] [--app-java-opts \"-Xmx256m\"] [--gateway-args \"--dynauth.x=y ...\"] [--java PATH]";

        /** Options as {@code --name value} pairs; defaults in {@link #USAGE}. */
        static Options parse(String... args) throws IOException {
            Map<String, String> v = new HashMap<>();
            List<String> known = List.of("--sessions", "--seconds", "--warmup", "--rounds", "--connections", "--java",
                    "--app-java-opts", "--gateway-args", "--gateway-classpath", "--downstream-classpath", "--interop");
            for (int i = 0; i < args.length; i += 2) {
                if (!known.contains(args[i]) || i + 1 == args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "\n" + USAGE);
                }
                v.put(args[i], args[i + 1]);
            }
            return new Options(number(v, "--sessions", 1000), number(v, "--seconds", 10), number(v, "--warmup", 10),
                    number(v, "--rounds", 3), List.of(v.getOrDefault("--connections", "64,1").split(",")).stream()
                            .map(Integer::valueOf).toList(),
                    v.containsKey("--gateway-classpath") ? v.get("--gateway-classpath") : built("gateway"),
                    v.containsKey("--downstream-classpath") ? v.get("--downstream-classpath") : built("downstream"),
                    v.getOrDefault("--java", ProcessHandle.current().info().command().orElse("java")),
                    words(v.getOrDefault("--app-java-opts", "-Xmx256m")), words(v.getOrDefault("--gateway-args", "")),
                    Path.of(v.getOrDefault("--interop", System.getProperty("dynauth.interop.dir", "interop"))).toAbsolutePath(),
                    Path.of(System.getProperty("dynauth.bench.script", "bench/bench.mjs")).toAbsolutePath());
        }

        /** What bench/gateway-run builds: the application's classes and its runtime class path. */
        static String built(String app) throws IOException {
            Path dir = Path.of("bench/apps", app, "target");
            return dir.resolve("classes") + ":" + Files.readString(dir.resolve("app.classpath")).trim();
        }

        private static int number(Map<String, String> v, String name, int fallback) {
            return v.containsKey(name) ? Integer.parseInt(v.get(name)) : fallback;
        }

        private static List<String> words(String s) {
            return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
        }
    }

    /**
     * The rows, and per row the downstream service's CPU per 1,000 requests measured alongside (for a direct row the
     * same as the row's own CPU).
     */
    record Report(String text, List<Row> rows, Map<Row, Double> downstreamCpu, Map<String, Long> firstSight) {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(Options.USAGE);
            return;
        }
        System.out.print(run(Options.parse(args)).text());
    }

    static Report run(Options o) throws Exception {
        List<Process> processes = new ArrayList<>();
        Path logs = Files.createTempDirectory("dynauth-gateway-bench");
        List<String> loads = new ArrayList<>(List.of(HttpRounds.loadAverage()));
        try (DynamoDbLocalServer ddb = DynamoDbLocalServer.builder().inMemory().port(0).start();
             DynamoDbClient client = DynamoDbClient.builder().endpointOverride(ddb.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                     .httpClient(UrlConnectionHttpClient.create()).build();
             CountingProxy proxy = new CountingProxy(ddb.port())) {
            DynamoDbTables.createIfMissing(client, TableOptions.builder().tableName(TABLE).build());
            log("the npm adapter writes %d users, each with an Auth.js (UUID) session and a dynauth-form session...", o.sessions());
            NodeSide.Sessions sessions = ReactiveBench.seed(o.sessions(), o.script(), o.interop(), ddb, TABLE, "gw");
            RSAKey key = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
            int gatewayPort = HttpRounds.freePort();
            int downstreamPort = HttpRounds.freePort();
            String gatewayUrl = "http://127.0.0.1:" + gatewayPort;
            // both JVMs start at once; the service fetches the gateway's keys at its first request
            long t0 = System.nanoTime();
            List<String> gatewayArgs = new ArrayList<>(List.of("--server.port=" + gatewayPort, "--dynauth.url=" + gatewayUrl,
                    "--dynauth.dynamodb.endpoint=http://127.0.0.1:" + proxy.port(), "--dynauth.table-name=" + TABLE,
                    "--dynauth.secret=" + SECRET, "--dynauth.gateway.signing-key=" + pkcs8Pem(key),
                    "--bench.downstream-url=http://127.0.0.1:" + downstreamPort));
            gatewayArgs.addAll(o.gatewayArgs());
            Process gateway = HttpRounds.startApp(o.java(), o.javaOptions(), o.gatewayClasspath(), GATEWAY_APP, gatewayArgs,
                    logs.resolve("gateway.log"));
            processes.add(gateway);
            Process downstream = HttpRounds.startApp(o.java(), o.javaOptions(), o.downstreamClasspath(), DOWNSTREAM_APP,
                    List.of("--server.port=" + downstreamPort, "--bench.gateway-url=" + gatewayUrl), logs.resolve("downstream.log"));
            processes.add(downstream);
            HttpRounds.awaitApp("gateway", gateway, gatewayPort, HttpLoad.Probe.SESSION.path(), 200, logs.resolve("gateway.log"));
            double gatewayStart = (System.nanoTime() - t0) / 1e9;
            HttpRounds.awaitApp("downstream", downstream, downstreamPort, ReactiveBench.ME.path(), 401,
                    logs.resolve("downstream.log"));
            double downstreamStart = (System.nanoTime() - t0) / 1e9;
            log("gateway (pid %d) answered after %.1f s, downstream (pid %d) after %.1f s; their output: %s", gateway.pid(),
                    gatewayStart, downstream.pid(), downstreamStart, logs);

            List<String> direct = directTokens(key, gatewayUrl, sessions.userIds());
            HttpLoad.Result check = HttpLoad.runCount(ReactiveBench.ME.asBearer(), downstreamPort, direct);
            if (check.failures() > 0) {
                throw new IllegalStateException("the service refused " + check.failures() + " of the direct tokens: see "
                        + logs.resolve("downstream.log"));
            }
            Map<String, Long> before = proxy.requests();
            HttpLoad.Result r = HttpLoad.runCount(ReactiveBench.ME, gatewayPort, sessions.sessionTokens());
            Map<String, Long> firstSight = HttpRounds.minus(proxy.requests(), before);
            log("first sight of %d Auth.js tokens through the gateway: %s (%d signed in)", r.requests(), firstSight,
                    r.requests() - r.failures());

            List<Target> targets = List.of(
                    new Target(gatewayName(true), gatewayPort, gateway.toHandle(), proxy, sessions.sessionTokens(), ReactiveBench.ME),
                    new Target(DIRECT, downstreamPort, downstream.toHandle(), proxy, direct, ReactiveBench.ME.asBearer()),
                    new Target(gatewayName(false), gatewayPort, gateway.toHandle(), proxy, sessions.selfLocatingTokens(),
                            ReactiveBench.ME));
            // the service's CPU too: in a gateway row it is the work the gateway's request caused there
            Map<Row, Double> downstreamCpu = new IdentityHashMap<>();
            List<Row> rows = HttpRounds.inTurns(targets, o.connections(), o.rounds(), o.warmup(), (t, c, round) -> {
                long ticks = HttpRounds.cpuTicks(downstream.toHandle());
                Row row = HttpRounds.measure(t, c, round, o.seconds());
                ticks = HttpRounds.cpuTicks(downstream.toHandle()) - ticks;
                downstreamCpu.put(row, HttpRounds.cpuMsPer1000(ticks, row.requests()));
                return row;
            }, loads);
            StringBuilder text = new StringBuilder();
            header(text, o, loads);
            List<String> names = targets.stream().map(Target::name).toList();
            HttpRounds.table(text, rows, names, o.connections(), WIDTH);
            ratios(text, o, rows, downstreamCpu);
            long failures = rows.stream().mapToLong(Row::failures).sum();
            text.append(String.format(Locale.ROOT, "%nDynamoDB requests per signed-in request (loopback proxy, by X-Amz-Target)%s:%n",
                    failures == 0 ? "" : "; " + failures + " requests FAILED"));
            HttpRounds.ddbPerRequest(text, rows, names, WIDTH);
            text.append(String.format(Locale.ROOT, "  (a direct call: no DynamoDB request)%n  first sight of each of %d Auth.js tokens through the gateway: %s%n",
                    sessions.sessionTokens().size(), firstSight));
            text.append(String.format(Locale.ROOT, "%nTCP connections the gateway opened to DynamoDB during the run: %d (most open "
                    + "at once %d)%nPeak RSS: gateway %.0f MB; downstream %.0f MB%nStart to the first answer (both starting at "
                    + "once): gateway %.1f s; downstream %.1f s%n", proxy.connectionsOpened(), proxy.maxOpenConnections(),
                    HttpRounds.peakRssMb(gateway.toHandle()), HttpRounds.peakRssMb(downstream.toHandle()), gatewayStart,
                    downstreamStart));
            return new Report(text.toString(), rows, downstreamCpu, firstSight);
        } finally {
            for (Process p : processes) {
                p.destroy();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    static String gatewayName(boolean authjsTokens) {
        return "gateway, " + (authjsTokens ? "Auth.js" : "dynauth") + " tokens, /me";
    }

    /**
     * One token per user, as the gateway mints them ({@code IdentityTokens}: RS256, {@code kid} = the key's thumbprint,
     * {@code typ} JWT, iss, sub, aud, iat, nbf, exp, jti, and the user's email, name and picture as bench.mjs wrote them)
     * but valid for two hours, so the run never outlives them. Same size, same check at the service.
     */
    static List<String> directTokens(RSAKey key, String issuer, List<String> userIds) throws JOSEException {
        RSASSASigner signer = new RSASSASigner(key);
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build();
        Date now = Date.from(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < userIds.size(); i++) {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(userIds.get(i)).audience(List.of(AUDIENCE))
                    .issueTime(now).notBeforeTime(now).expirationTime(Date.from(now.toInstant().plus(2, ChronoUnit.HOURS)))
                    .jwtID(UUID.randomUUID().toString()).claim("email", String.format(Locale.ROOT, "gw-u%06d@bench.example.com", i))
                    .claim("name", String.format(Locale.ROOT, "Bench User %06d", i)).claim("picture", "https://example.com/avatar.png")
                    .build();
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            tokens.add(jwt.serialize());
        }
        return tokens;
    }

    private static String pkcs8Pem(RSAKey key) throws JOSEException {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(key.toPrivateKey().getEncoded()) + "\n-----END PRIVATE KEY-----";
    }

    private static void header(StringBuilder out, Options o, List<String> loads) {
        out.append(String.format(Locale.ROOT, "dynauth gateway: Spring Cloud Gateway (WebFlux) + DynauthIdentity vs a direct call "
                + "to the service, on DynamoDB Local, %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        out.append(String.format(Locale.ROOT, "%d cpus, %s %s; apps on %s %s; harness %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), o.java(), String.join(" ", o.javaOptions())
                        + (o.gatewayArgs().isEmpty() ? "" : " (gateway arguments: " + String.join(" ", o.gatewayArgs()) + ")"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version")));
        out.append(String.format(Locale.ROOT, "%d users with 2 sessions each written by @auth/dynamodb-adapter; GET /me; %d s per "
                + "measurement, %d rounds (order reversed every other round), after a warm-up of %d s per target; load average "
                + "(1 min) %s (at the start and after each round)%n", o.sessions(), o.seconds(), o.rounds(), o.warmup(),
                String.join(", ", loads.stream().map(l -> l.split(" ")[0]).toList())));
    }

    /** Per token kind and connection count: gateway / direct per round, the added milliseconds, and where the CPU went. */
    private static void ratios(StringBuilder out, Options o, List<Row> rows, Map<Row, Double> downstreamCpu) {
        out.append(String.format(Locale.ROOT, "%nCPU per 1,000 signed-in requests, ms (medians over rounds):%n  %-" + WIDTH
                + "s %5s %10s %11s %8s%n", "", "conns", "gateway", "downstream", "total"));
        for (int c : o.connections()) {
            for (boolean authjs : List.of(true, false)) {
                List<Row> rs = select(rows, gatewayName(authjs), c);
                out.append(cpuLine(gatewayName(authjs), c, median(values(rs, Row::cpuMsPer1000)),
                        median(rs.stream().map(downstreamCpu::get).toList())));
            }
            out.append(cpuLine(DIRECT, c, 0, median(values(select(rows, DIRECT, c), Row::cpuMsPer1000))));
        }
        out.append(String.format(Locale.ROOT, "%nGateway / direct, per round (median [range]); cpu/request = (gateway + downstream) / "
                + "downstream alone:%n"));
        for (int c : o.connections()) {
            for (boolean authjs : List.of(true, false)) {
                String g = gatewayName(authjs);
                List<Double> cpu = new ArrayList<>();
                List<Double> p50 = new ArrayList<>();
                List<Double> p99 = new ArrayList<>();
                for (int round = 1; round <= o.rounds(); round++) {
                    Row gr = HttpRounds.find(rows, g, c, round);
                    Row dr = HttpRounds.find(rows, DIRECT, c, round);
                    cpu.add((gr.cpuMsPer1000() + downstreamCpu.get(gr)) / dr.cpuMsPer1000());
                    p50.add(gr.p50() - dr.p50());
                    p99.add(gr.p99() - dr.p99());
                }
                String ratios = HttpRounds.ratios(rows, g, DIRECT, c, o.rounds(), true);
                out.append(String.format(Locale.ROOT, "  %2d conns, %-16s %s  cpu/request %s%n%-30s added ms: p50 %s  p99 %s%n",
                        c, (authjs ? "Auth.js" : "dynauth") + " tokens", ratios.substring(0, ratios.indexOf("  cpu/request")),
                        HttpRounds.range(cpu), "", HttpRounds.range(p50), HttpRounds.range(p99)));
            }
        }
    }

    private static String cpuLine(String name, int c, double gateway, double downstream) {
        return String.format(Locale.ROOT, "  %-" + WIDTH + "s %5d %10.1f %11.1f %8.1f%n", name, c, gateway, downstream,
                gateway + downstream);
    }

    private static List<Row> select(List<Row> rows, String target, int c) {
        return rows.stream().filter(r -> r.target().equals(target) && r.connections() == c).toList();
    }

    private static List<Double> values(List<Row> rows, ToDoubleFunction<Row> f) {
        return rows.stream().map(r -> f.applyAsDouble(r)).toList();
    }
}
