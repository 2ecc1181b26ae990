package dev.dynauth.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the gateway benchmark for a moment (5 sessions, one round of one second, one connection): the gateway and the
 * service start, a signed-in request reaches the service through the gateway with each kind of token and directly
 * with a gateway-signed token, the gateway sends exactly one DynamoDB {@code BatchGetItem} per signed-in request once
 * an Auth.js token has been seen, and a direct call none. It measures nothing and asserts no timing.
 */
class GatewayBenchSmokeTest {

    private static final int SESSIONS = 5;

    @Test
    void throughTheGatewayOneBatchGetItemPerRequestAndDirectNone() throws Exception {
        String gateway = System.getProperty("dynauth.bench.gateway.classpath")
                + Files.readString(Path.of(System.getProperty("dynauth.bench.gateway.classpath.file"))).trim();
        Path downstreamTarget = Path.of(System.getProperty("dynauth.bench.downstream.target"));
        String downstream = downstreamTarget.resolve("classes") + ":"
                + Files.readString(downstreamTarget.resolve("app.classpath")).trim();
        // generous DynamoDB call timeouts: on a loaded machine a retried attempt would make the counts vary
        GatewayBench.Report report = GatewayBench.run(GatewayBench.Options.parse("--sessions", String.valueOf(SESSIONS),
                "--seconds", "1", "--rounds", "1", "--warmup", "0", "--connections", "1", "--gateway-classpath", gateway,
                "--downstream-classpath", downstream, "--gateway-args",
                "--dynauth.dynamodb.api-call-timeout=60s --dynauth.dynamodb.api-call-attempt-timeout=30s"));

        // gateway with 2 token kinds, and direct, at one connection count
        assertEquals(3, report.rows().size(), report.text());
        for (HttpRounds.Row row : report.rows()) {
            assertEquals(0, row.failures(), row.target() + "\n" + report.text());
            assertTrue(row.requests() > 0, row.target());
            Map<String, Long> expected = row.target().startsWith("gateway") ? Map.of("BatchGetItem", row.requests()) : Map.of();
            assertEquals(expected, row.ddb(), row.target() + "\n" + report.text());
            assertTrue(report.downstreamCpu().containsKey(row), row.target());
        }
        // an Auth.js token seen for the first time: the index, then the session and user items
        assertEquals(Map.of("Query", (long) SESSIONS, "GetItem", (long) SESSIONS), report.firstSight(), report.text());
        assertTrue(report.text().contains("Gateway / direct"), report.text());
    }
}
