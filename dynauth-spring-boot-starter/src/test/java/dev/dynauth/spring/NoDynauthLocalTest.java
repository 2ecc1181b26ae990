package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * dynauth-local is an optional dependency of the starter: an application without it (here: the test class
 * path minus dynauth-local and DynamoDB Local, in a class loader of its own) starts against AWS, and asking
 * for embedded mode is a clear start-up error.
 */
class NoDynauthLocalTest {

    /**
     * One class loader for both tests: each application starts in it as in an application without dynauth-local,
     * and the second finds the classes the first loaded (a loader of its own cost each start-up several seconds).
     */
    private static URLClassLoader loader;

    @BeforeAll
    static void load() throws Exception {
        loader = withoutDynauthLocal();
    }

    @AfterAll
    static void close() throws Exception {
        loader.close();
    }

    private static URLClassLoader withoutDynauthLocal() throws Exception {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        int dropped = 0;
        for (String entry : path.split(File.pathSeparator)) {
            String e = entry.replace('\\', '/');
            if (e.contains("/dynauth-local/") || e.contains("dynauth-local-") || e.contains("DynamoDBLocal")) {
                dropped++;
                continue;
            }
            urls.add(new File(entry).toURI().toURL());
        }
        assertTrue(dropped >= 2, "dynauth-local and DynamoDB Local found on the class path: " + path);
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static String run(URLClassLoader loader, String... args) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return (String) loader.loadClass("dev.dynauth.spring.probe.NoLocalProbe").getMethod("run", String[].class)
                    .invoke(null, (Object) args);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static final String[] COMMON = {"--spring.config.name=no-local-probe", "--server.port=0",
            "--server.address=127.0.0.1", "--spring.main.banner-mode=off", "--logging.level.root=WARN"};

    private static String[] args(String... more) {
        List<String> all = new ArrayList<>(List.of(COMMON));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void anApplicationWithoutDynauthLocalRunsOnAws() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("dev.dynauth.local.DynamoDbLocal"));
        // nothing listens at the endpoint: nothing at start-up or on the sign-in page talks to DynamoDB
        assertEquals("mode=AWS signin=200", run(loader, args("--dynauth.secret=probe-secret",
                "--dynauth.dynamodb.region=eu-west-1", "--dynauth.dynamodb.endpoint=http://127.0.0.1:9")));
    }

    @Test
    void embeddedModeWithoutDynauthLocalIsAClearStartUpError() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("dev.dynauth.local.DynamoDbLocal"));
        String result = run(loader, args("--dynauth.dynamodb.mode=embedded", "--dynauth.secret=probe-secret"));
        assertTrue(result.startsWith("failed: dynauth.dynamodb.mode=embedded needs DynamoDB Local"), result);
        assertTrue(result.contains("dev.dynauth:dynauth-local"), result);
    }
}
