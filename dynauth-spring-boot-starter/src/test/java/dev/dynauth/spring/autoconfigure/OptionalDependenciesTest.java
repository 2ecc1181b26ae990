package dev.dynauth.spring.autoconfigure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.local.DynamoDbLocalServer;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Micrometer, Spring Mail, the OAuth2 client, WebAuthn and Spring Boot's health module are optional dependencies of
 * the starter (dynauth-local too: {@link NoDynauthLocalTest}). An application without one of them (here: the test
 * class path minus its jars, in a class loader of its own) starts, and a user signs in with a magic link over HTTP;
 * a feature configured without its dependency is a start-up error that names the dependency to add. Without this,
 * a new application with only spring-boot-starter-web died with {@code TypeNotPresentException: MeterRegistry}.
 */
class OptionalDependenciesTest {

    private static DynamoDbLocalServer dynamoDb;
    /**
     * The probes' start-ups, two at a time from the start of the class: each is a Spring Boot application in a class
     * loader of its own, which spends seconds loading and interpreting classes that no other probe can share, and
     * the tests' own thread has nothing to do meanwhile. Each test waits for its probes and asserts on what they said.
     */
    private static ExecutorService probes;
    private static final Map<String, Future<List<String>>> RESULTS = new ConcurrentHashMap<>();

    @BeforeAll
    static void startProbes() {
        // one DynamoDB Local for every probe, reached over loopback (the probes run in class loaders of their own)
        dynamoDb = DynamoDbLocalServer.builder().inMemory().port(0).start();
        AtomicInteger threads = new AtomicInteger();
        probes = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "optional-probe-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // the tests with two start-ups first
        submit("withoutMail", () -> {
            try (URLClassLoader loader = without(MAIL, "org.springframework.mail.javamail.JavaMailSender")) {
                return List.of(run(loader, GITHUB), run(loader, "--spring.mail.host=smtp.example.com"));
            }
        });
        submit("withoutTheOAuth2Client", () -> {
            try (URLClassLoader loader = without(OAUTH2, OptionalDependencies.OAUTH2_CLIENT)) {
                return List.of(run(loader), run(loader, GITHUB));
            }
        });
        submit("withoutWebAuthn", () -> {
            try (URLClassLoader loader = without(WEBAUTHN, OptionalDependencies.WEBAUTHN)) {
                return List.of(run(loader, GITHUB), run(loader, "--dynauth.passkeys.enabled=true"));
            }
        });
        submit("withEveryOptionalDependency", () -> {
            try (URLClassLoader loader = without(List.of("DynamoDBLocal"), "com.amazonaws.services.dynamodbv2.local.main.ServerRunner")) {
                return List.of(run(loader, GITHUB));
            }
        });
        submit("withoutMicrometer", () -> {
            try (URLClassLoader loader = without(MICROMETER, "io.micrometer.core.instrument.MeterRegistry")) {
                return List.of(run(loader, GITHUB));
            }
        });
        submit("withoutAnyOptionalDependency", () -> {
            try (URLClassLoader loader = without(all(List.of(MICROMETER, MAIL, OAUTH2, WEBAUTHN, HEALTH)),
                    "org.springframework.boot.health.contributor.HealthIndicator")) {
                return List.of(run(loader));
            }
        });
    }

    @AfterAll
    static void stopProbes() throws InterruptedException {
        probes.shutdown(); // each test waited for its probes: left over only when a test was run alone
        probes.awaitTermination(5, TimeUnit.MINUTES);
        dynamoDb.close();
    }

    private static void submit(String name, Callable<List<String>> probe) {
        RESULTS.put(name, probes.submit(probe));
    }

    /** What the probes of {@code name} reported, in order; their failure (an assertion of {@link #without} too) as is. */
    private static List<String> results(String name) throws Exception {
        try {
            return RESULTS.get(name).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** A jar of an optional dependency, by the artifact names it and its own dependencies bring. */
    private static final List<String> MICROMETER = List.of("micrometer-core");
    private static final List<String> MAIL = List.of("spring-boot-mail", "spring-boot-starter-mail", "spring-context-support",
            "jakarta.mail", "angus-mail");
    private static final List<String> OAUTH2 = List.of("oauth2", "nimbus-jose-jwt");
    private static final List<String> WEBAUTHN = List.of("webauthn");
    private static final List<String> HEALTH = List.of("spring-boot-health");

    private static URLClassLoader without(List<String> artifacts, String missingClass) throws Exception {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            String jar = new File(entry).getName();
            if (jar.endsWith(".jar") && artifacts.stream().anyMatch(jar::contains)) {
                dropped.add(jar);
                continue;
            }
            urls.add(new File(entry).toURI().toURL());
        }
        assertTrue(!dropped.isEmpty(), "none of " + artifacts + " on the class path: " + path);
        URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass(missingClass), "still there after dropping " + dropped);
        return loader;
    }

    private static List<String> all(List<List<String>> lists) {
        return lists.stream().flatMap(List::stream).toList();
    }

    /**
     * Runs the probe in {@code loader} (which the caller closes) on this thread: a test that starts two applications
     * without the same dependency starts them in one class loader, so the second one finds its classes loaded already
     * (a class loader of its own cost each start-up as much again, about five seconds on the module's test machine).
     */
    private static String run(URLClassLoader loader, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN", "--spring.config.name=optional-probe",
                "--dynauth.secret=probe-secret", "--dynauth.dynamodb.region=us-east-1",
                "--dynauth.dynamodb.endpoint=" + dynamoDb.endpoint(), "--NEXT_AUTH_AWS_ACCESS_KEY=probe",
                "--NEXT_AUTH_AWS_SECRET_KEY=probe", "--dynauth.create-table-if-missing=true",
                "--dynauth.table-name=probe-" + UUID.randomUUID(),
                // a loaded machine: the table's creation at start-up takes longer than the default bounds (3 s)
                "--dynauth.dynamodb.api-call-timeout=60s", "--dynauth.dynamodb.api-call-attempt-timeout=30s"));
        args.addAll(List.of(more));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return (String) loader.loadClass("dev.dynauth.spring.probe.OptionalProbe").getMethod("run", String[].class)
                    .invoke(null, (Object) args.toArray(String[]::new));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** An OAuth2 provider: the OAuth2 beans exist only with one. */
    private static final String[] GITHUB = {"--spring.security.oauth2.client.registration.github.client-id=id",
            "--spring.security.oauth2.client.registration.github.client-secret=secret"};

    private static final String SIGNED_IN = "signedOut=401 email=302 callback=302 session={\"user\":{";

    private static void assertSignedIn(String result) {
        assertTrue(result.contains(SIGNED_IN) && result.contains("\"email\":\"ada@example.com\""), result);
    }

    @Test
    void withEveryOptionalDependencyEveryOptionalBeanExists() throws Exception {
        // the control: the same probe, nothing dropped, sees all of the beans the other tests must not see
        String result = results("withEveryOptionalDependency").get(0);
        assertTrue(result.startsWith("beans=[dynauthAdapterMeters, dynauthMailSenderHolder, dynauthOAuth2LoginHandler, "
                + "dynauthUserCredentialRepository, dynauthHealthIndicator]"), result);
        assertSignedIn(result);
    }

    @Test
    void withoutMicrometer() throws Exception {
        String result = results("withoutMicrometer").get(0);
        assertTrue(result.startsWith("beans=[dynauthMailSenderHolder, dynauthOAuth2LoginHandler, "
                + "dynauthUserCredentialRepository, dynauthHealthIndicator]"), result);
        assertSignedIn(result);
    }

    @Test
    void withoutMail() throws Exception {
        List<String> results = results("withoutMail");
        String result = results.get(0);
        String configured = results.get(1);
        assertTrue(result.startsWith("beans=[dynauthAdapterMeters, dynauthOAuth2LoginHandler, dynauthUserCredentialRepository, "
                + "dynauthHealthIndicator]"), result);
        assertSignedIn(result);
        assertEquals("failed: java.lang.IllegalStateException: spring.mail.host is set but the dependency it needs is not on "
                + "the classpath: add org.springframework.boot:spring-boot-starter-mail (its version comes from Spring Boot's "
                + "dependency management)", configured);
    }

    @Test
    void withoutTheOAuth2Client() throws Exception {
        List<String> results = results("withoutTheOAuth2Client");
        String result = results.get(0);
        String configured = results.get(1);
        assertTrue(result.startsWith("beans=[dynauthAdapterMeters, dynauthMailSenderHolder, dynauthUserCredentialRepository, "
                + "dynauthHealthIndicator] signedOut="), result);
        assertSignedIn(result);
        assertTrue(configured.startsWith("failed: java.lang.IllegalStateException: OAuth2 providers are configured "
                + "(spring.security.oauth2.client.registration.*) but the dependency it needs is not on the classpath: add "
                + "org.springframework.boot:spring-boot-starter-security-oauth2-client"), configured);
    }

    @Test
    void withoutWebAuthn() throws Exception {
        List<String> results = results("withoutWebAuthn");
        String result = results.get(0);
        String configured = results.get(1);
        assertTrue(result.startsWith("beans=[dynauthAdapterMeters, dynauthMailSenderHolder, dynauthOAuth2LoginHandler, "
                + "dynauthHealthIndicator]"), result);
        assertSignedIn(result);
        assertTrue(configured.startsWith("failed: java.lang.IllegalStateException: dynauth.passkeys.enabled=true but the "
                + "dependency it needs is not on the classpath: add org.springframework.security:spring-security-webauthn"),
                configured);
    }

    @Test
    void withoutAnyOptionalDependencyAsInAnApplicationWithOnlyTheStarterAndSpringBootStarterWeb() throws Exception {
        String result = results("withoutAnyOptionalDependency").get(0);
        // and no in-memory user with a generated password from Spring Boot
        assertTrue(result.startsWith("beans=[] signedOut="), result);
        assertSignedIn(result);
    }
}
