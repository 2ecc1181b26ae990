package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.local.DynamoDbLocalServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands through their own AWS SDK client, against a DynamoDB Local server on 127.0.0.1. */
class EndpointTest {
    static DynamoDbLocalServer server;
    final Cli cli = new Cli();

    @BeforeAll
    static void start() {
        server = DynamoDbLocalServer.builder().inMemory().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyCommandWorksAgainstAnEndpoint(@TempDir Path dir) throws Exception {
        String endpoint = server.endpoint().toString();
        String[] conn = {"--endpoint", endpoint, "--table", "ep-table"};
        assertOk(cli.runReal(cat(new String[] {"table", "create"}, conn)), "DynamoDB at " + endpoint);
        assertOk(cli.runReal(cat(new String[] {"table", "verify"}, conn)), "matches");
        server.client().putItem(r -> r.tableName("ep-table").item(java.util.Map.of(
                "pk", Cli.s("USER#e1"), "sk", Cli.s("USER#e1"), "GSI1PK", Cli.s("USER#e@example.com"),
                "GSI1SK", Cli.s("USER#e@example.com"), "type", Cli.s("USER"), "id", Cli.s("e1"),
                "email", Cli.s("e@example.com"))));
        assertOk(cli.runReal(cat(new String[] {"users", "list"}, conn)), "e@example.com");
        assertOk(cli.runReal(cat(new String[] {"users", "show", "e@example.com"}, conn)), "e1");
        assertOk(cli.runReal(cat(new String[] {"sessions", "list", "e1"}, conn)), "0 active sessions");
        assertOk(cli.runReal(cat(new String[] {"purge-expired"}, conn)), "0 expired items");
        Path file = dir.resolve("out.jsonl");
        assertOk(cli.runReal(cat(new String[] {"export", file.toString()}, conn)), "exported 1 items");
        assertEquals(1, Files.readAllLines(file).size());
        assertOk(cli.runReal(cat(new String[] {"import", file.toString()}, conn)), "imported 1 items");
        assertOk(cli.runReal(cat(new String[] {"users", "delete", "e1", "--yes"}, conn)), "deleted user e1");
    }

    @Test
    void aMissingTableAtAnEndpoint() {
        Cli.Result r = cli.runReal("users", "list", "--endpoint", server.endpoint().toString(), "--table", "nothing-here");
        assertEquals(1, r.code(), r::toString);
        assertEquals("dynauth: no table 'nothing-here' in DynamoDB at " + server.endpoint()
                + " (create it with: dynauth table create)", r.err().strip());
    }

    private static void assertOk(Cli.Result r, String expected) {
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains(expected), r::toString);
    }

    private static String[] cat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
