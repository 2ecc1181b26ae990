package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class PurgeExpiredCommandTest {
    final Cli cli = new Cli();

    @BeforeEach
    void seed() {
        cli.createTableWithoutTtl();
        cli.user("u1", "ada@example.com", "Ada");
        double past = Instant.now().minusSeconds(60).toEpochMilli() / 1000.0;
        double future = Instant.now().plusSeconds(3600).toEpochMilli() / 1000.0;
        cli.session("u1", "expired-session-token-000000000000000", past);
        cli.session("u1", "live-session-token-000000000000000000", future);
        cli.verificationToken("ada@example.com", "hash-old", AttributeValue.fromN(Double.toString(past)));
        // written by adapter versions before 2022: an ISO string, which DynamoDB's TTL ignores too
        cli.verificationToken("ada@example.com", "hash-iso", AttributeValue.fromS("2020-01-01T00:00:00.000Z"));
        cli.verificationToken("ada@example.com", "hash-new", AttributeValue.fromN(Long.toString((long) future)));
    }

    @Test
    void dryRunByDefault() {
        Cli.Result r = cli.run("purge-expired");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("2 expired items would be deleted; run again with --yes"), r::toString);
        assertEquals(6, cli.count(), "nothing deleted");

        Cli.Result j = cli.run("purge-expired", "--json");
        assertEquals(2, j.json().get("expired").intValue());
        assertEquals(0, j.json().get("deleted").intValue());
        assertTrue(j.json().get("dryRun").booleanValue());
    }

    @Test
    void yesDeletesOnlyWhatExpired() {
        Cli.Result r = cli.run("purge-expired", "--yes");
        assertEquals(0, r.code(), r::toString);
        assertEquals("deleted 2 expired items", r.out().lines().reduce((a, b) -> b).orElse(""), r::toString);
        assertNull(cli.get("USER#u1", "SESSION#expired-session-token-000000000000000"));
        assertNull(cli.get("VT#ada@example.com", "VT#hash-old"));
        assertNotNull(cli.get("VT#ada@example.com", "VT#hash-iso"), "like DynamoDB's TTL, a string expires is left alone");
        assertNotNull(cli.get("USER#u1", "SESSION#live-session-token-000000000000000000"));
        assertNotNull(cli.get("VT#ada@example.com", "VT#hash-new"));
        assertNotNull(cli.get("USER#u1", "USER#u1"));

        Cli.Result again = cli.run("purge-expired", "--yes", "--json");
        assertEquals(0, again.json().get("deleted").intValue());
    }
}
