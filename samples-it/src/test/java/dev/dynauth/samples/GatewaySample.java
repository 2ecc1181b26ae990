package dev.dynauth.samples;

import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.TableOptions;
import dev.dynauth.local.DynamoDbLocalServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * samples/gateway-shared-with-nextjs as its README runs it, started once for every gateway case of the run: one build
 * of the sample, one DynamoDB Local, the Auth.js side (the Next.js app's auth routes on the real @auth/core, database
 * sessions), the service, and both gateways, the WebFlux one (gateway/) and the WebMvc one (gateway-mvc/), started
 * side by side. The two gateways are two instances of one gateway as production runs them: one signing key
 * (GATEWAY_SIGNING_KEY) and one issuer, so the one service trusts both.
 *
 * <p>Each gateway also signs users in itself: the runs add {@code dynauth.session.strategy=jwt,database} (the
 * gateway's own sign-in issues Auth.js's JWT cookie; the Next.js app's database sessions still sign in) and magic
 * links printed to the log, as the sample's README says.
 */
final class GatewaySample implements AutoCloseable {

    /** Three JVMs start at once: on a busy 2-core CI machine that takes minutes (only a backstop: each wait ends on the line). */
    private static final Duration START = Duration.ofMinutes(6);
    private static final String SECRET = "samples-it-gateway-secret-not-for-production";
    private static final String TABLE = "next-auth-gateway";

    /** One running gateway: its public URL, its process (its log has the magic links), the stack's start line. */
    record Gateway(String name, String url, RunningProcess process) {}

    private final List<AutoCloseable> running = new ArrayList<>();
    final DynamoDbAdapter table;
    final String authJsUrl;
    final RunningProcess authJs;
    final String serviceUrl;
    final Gateway webflux;
    final Gateway webmvc;

    private GatewaySample() throws Exception {
        Path sample = SampleBuild.build("gateway-shared-with-nextjs");
        // the Auth.js side is the one of samples/spring-shared-with-nextjs, as the README says
        Path authjs = sample.resolve("authjs");
        Files.createDirectories(authjs);
        for (String file : List.of("auth.mjs", "server.mjs", "package.json")) {
            Files.copy(SampleBuild.ROOT.resolve("samples/spring-shared-with-nextjs/authjs").resolve(file),
                    authjs.resolve(file));
        }
        SamplesIT.withAuthJsPackages(authjs);
        try {
            DynamoDbLocalServer dynamoDb = started(DynamoDbLocalServer.builder().inMemory().port(0).start());
            table = DynamoDbAdapter.builder().client(dynamoDb.client())
                    .options(TableOptions.builder().tableName(TABLE).build()).build();
            Map<String, String> env = SamplesIT.sharedTable(dynamoDb, TABLE, SECRET);
            authJs = started(SamplesIT.startAuthJs(authjs, env));
            String webfluxUrl = "http://127.0.0.1:" + NextJsBesideSpringIT.freePort();
            String webmvcUrl = "http://127.0.0.1:" + NextJsBesideSpringIT.freePort();
            serviceUrl = "http://127.0.0.1:" + NextJsBesideSpringIT.freePort();
            authJsUrl = authJs.await(SamplesIT.AUTHJS_LISTENING, 0, Duration.ofSeconds(60)).group(1);

            Map<String, String> springEnv = new HashMap<>(env);
            springEnv.putAll(Map.of("AUTHJS_URL", authJsUrl, "SERVICE_URL", serviceUrl, "GATEWAY_SIGNING_KEY", signingKey()));
            // the service trusts the issuer webflux's URL names and fetches the one key from there
            RunningProcess service = started(start(sample.resolve("service"), springEnv, webfluxUrl, serviceUrl));
            // the gateway's own sign-in, as the README says; DynamoDB calls may take their time on a loaded CI machine
            // (a gateway's first call loads the SDK), which the default 3 s for a call is not meant for
            String[] ownSignIn = {"--dynauth.session.strategy=jwt,database", "--dynauth.email.enabled=true",
                    "--dynauth.email.log-links=true", "--dynauth.dynamodb.api-call-timeout=30s",
                    "--dynauth.dynamodb.api-call-attempt-timeout=10s"};
            webflux = new Gateway("webflux", webfluxUrl,
                    started(start(sample.resolve("gateway"), springEnv, webfluxUrl, webfluxUrl, ownSignIn)));
            List<String> mvcArgs = new ArrayList<>(List.of(ownSignIn));
            mvcArgs.add("--dynauth.gateway.issuer=" + webfluxUrl);
            webmvc = new Gateway("webmvc", webmvcUrl,
                    started(start(sample.resolve("gateway-mvc"), springEnv, webmvcUrl, webmvcUrl, mvcArgs.toArray(String[]::new))));
            service.await(Pattern.compile("Tomcat started on port"), 0, START);
            webflux.process().await(Pattern.compile("Netty started on port"), 0, START);
            webmvc.process().await(Pattern.compile("Tomcat started on port"), 0, START);
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /** The run's one sample, started on first use, stopped when the run ends. */
    static GatewaySample shared(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(GatewaySample.class,
                k -> {
                    try {
                        return new GatewaySample();
                    } catch (Exception e) {
                        throw new IllegalStateException("the gateway sample did not start: " + e.getMessage(), e);
                    }
                }, GatewaySample.class);
    }

    /** Gives a test class's {@code @BeforeAll} method the run's one sample. */
    static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == GatewaySample.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return shared(context);
        }
    }

    /** What the sample's processes printed last, for a failure message. */
    String tails() {
        return "\n--- webflux gateway:\n" + webflux.process().tail() + "\n--- webmvc gateway:\n" + webmvc.process().tail()
                + "\n--- authjs:\n" + authJs.tail();
    }

    private <T extends AutoCloseable> T started(T process) {
        running.add(0, process);
        return process;
    }

    /**
     * One of the sample's applications on the port of {@code url}, with {@code gateway} as GATEWAY_URL (the public URL
     * of a gateway; for the service, the gateway whose issuer and keys it trusts).
     */
    private static RunningProcess start(Path app, Map<String, String> env, String gateway, String url, String... args)
            throws Exception {
        // C1 only: these JVMs serve a few requests, so C2 compilations would cost start-up CPU and never pay back
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", SampleBuild.jar(app).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(app.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("NEXT_AUTH_") || k.startsWith("AUTH_"));
        pb.environment().putAll(env);
        pb.environment().put("GATEWAY_URL", gateway);
        pb.environment().put("PORT", Integer.toString(URI.create(url).getPort()));
        return RunningProcess.start(app.getFileName().toString(), pb);
    }

    /** A PKCS#8 PEM RSA key, as `openssl genpkey -algorithm RSA` writes it: every gateway instance signs with it. */
    private static String signingKey() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
        running.clear();
    }
}
