package dev.dynauth.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the reactive benchmark for a moment (5 sessions, one round of one second, one connection): both applications
 * start, answer signed-in requests with each kind of token, and send exactly one DynamoDB {@code BatchGetItem} per
 * signed-in request once an Auth.js token has been seen. It measures nothing and asserts no timing.
 */
class ReactiveBenchSmokeTest {

    private static final int SESSIONS = 5;

    @Test
    void bothAppsSignInWithOneBatchGetItemPerRequest() throws Exception {
        String classpath = System.getProperty("dynauth.bench.apps.classpath") + ":"
                + Files.readString(Path.of(System.getProperty("dynauth.bench.apps.classpath.file"))).trim();
        // generous DynamoDB call timeouts: on a loaded machine a retried attempt would make the counts vary
        ReactiveBench.Report report = ReactiveBench.run(ReactiveBench.Options.parse("--sessions", String.valueOf(SESSIONS),
                "--seconds", "1", "--rounds", "1", "--warmup", "0", "--connections", "1", "--apps-classpath", classpath,
                "--app-args", "--dynauth.dynamodb.api-call-timeout=60s --dynauth.dynamodb.api-call-attempt-timeout=30s"));

        // 2 stacks x 2 token kinds x 2 paths, at one connection count
        assertEquals(8, report.rows().size(), report.text());
        for (HttpRounds.Row row : report.rows()) {
            assertEquals(0, row.failures(), row.target() + "\n" + report.text());
            assertTrue(row.requests() > 0, row.target());
            assertEquals(Map.of("BatchGetItem", row.requests()), row.ddb(), row.target() + "\n" + report.text());
        }
        // an Auth.js token seen for the first time: the index, then the session and user items
        for (String stack : new String[] {"reactive", "servlet"}) {
            assertEquals(Map.of("Query", (long) SESSIONS, "GetItem", (long) SESSIONS), report.firstSight().get(stack),
                    stack + "\n" + report.text());
        }
        assertTrue(report.text().contains("Ratios, reactive / servlet"), report.text());
    }
}
