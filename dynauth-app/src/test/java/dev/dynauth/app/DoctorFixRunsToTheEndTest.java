package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.TableChecker;
import dev.dynauth.TableReport;
import dev.dynauth.TableRepair;
import dev.dynauth.ViolationKind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;

/** {@code doctor --fix} finishes what it starts: no repair blocks another, a failing one is skipped, a changed item is left alone. */
class DoctorFixRunsToTheEndTest {
    final Cli cli = new Cli();

    DoctorFixRunsToTheEndTest() {
        cli.createTableWithoutTtl();
    }

    /** What the npm adapter's updateSession leaves when it races a sign-out: no type, no userId, no index keys. */
    void sessionStub(String userId, String token) {
        cli.put(Map.of("pk", Cli.s("USER#" + userId), "sk", Cli.s("SESSION#" + token), "sessionToken", Cli.s(token),
                "expires", AttributeValue.fromN(Long.toString(Instant.now().plusSeconds(3600).getEpochSecond()))));
    }

    @Test
    void aMergeOfAUserHoldingASessionStubCompletes() {
        cli.user("a", "shared@example.com", "A");
        cli.user("b", "shared@example.com", "B");
        sessionStub("b", "stub-session-token-000000000000000000");
        Cli.Result r = cli.run("doctor", "--fix", "--merge-duplicates");
        assertEquals(0, r.code(), r::toString);
        assertNull(cli.get("USER#b", "USER#b"), "merged away");
        assertNull(cli.get("USER#b", "SESSION#stub-session-token-000000000000000000"), "the stub deleted");
        assertEquals("a", cli.get("UNIQUE#EMAIL#shared@example.com", "UNIQUE#EMAIL#shared@example.com").get("userId").s());
        assertEquals(0, cli.run("doctor").code(), "a rerun finds nothing");
    }

    @Test
    void aRepairThatFailsIsReportedAndTheRunGoesOn() {
        cli.user("a", "a@example.com", "A");
        sessionStub("a", "stub-session-token-111111111111111111");
        cli.put(Map.of("pk", Cli.s("USER#ghost"), "sk", Cli.s("USER#ghost"), "name", Cli.s("stub")));
        DynamoDbClient failing = failingDeletesOf(Cli.client(), "SESSION#stub-session-token-111111111111111111");
        TableReport report = TableChecker.builder(failing).options(cli.options()).build().check();
        assertEquals(2, report.count(ViolationKind.STUB_ITEM), report::toString);

        TableRepair.Result r = TableRepair.builder(failing).options(cli.options()).build().fix(report);
        assertEquals(1, r.failures().size(), r::toString);
        TableRepair.Failure f = r.failures().get(0);
        assertEquals(ViolationKind.STUB_ITEM, f.violation().kind());
        assertTrue(f.reason().contains("InternalServerErrorException"), f.reason());
        assertEquals(2, r.fixed(), "the user stub and the missing claim, after the failure: " + r);
        assertNull(cli.get("USER#ghost", "USER#ghost"));
        assertNotNull(cli.get("UNIQUE#EMAIL#a@example.com", "UNIQUE#EMAIL#a@example.com"));
    }

    @Test
    void repairsSkipItemsThatChangedAfterTheCheck() {
        cli.user("a", "a@example.com", "A");
        long past = Instant.now().minusSeconds(3600).getEpochSecond();
        cli.session("a", "slid-session-token-00000000000000000000", past);
        Map<String, AttributeValue> iso = cli.session("a", "iso-session-token-000000000000000000000", 0);
        iso.put("expires", Cli.s(Instant.now().plusSeconds(3600).toString()));
        cli.put(iso);
        TableReport report = TableChecker.builder(Cli.client()).options(cli.options()).build().check();
        assertEquals(1, report.count(ViolationKind.EXPIRED), report::toString);
        assertEquals(1, report.count(ViolationKind.ISO_EXPIRES), report::toString);

        // Auth.js slides both sessions after the check: expires is a number a day ahead
        String later = Long.toString(Instant.now().plusSeconds(86_400).getEpochSecond());
        for (String token : List.of("slid-session-token-00000000000000000000", "iso-session-token-000000000000000000000")) {
            Map<String, AttributeValue> s = new java.util.HashMap<>(cli.get("USER#a", "SESSION#" + token));
            s.put("expires", AttributeValue.fromN(later));
            cli.put(s);
        }
        TableRepair.Result r = TableRepair.builder(Cli.client()).options(cli.options()).build().fix(report);
        assertEquals(List.of(), r.failures(), r::toString);
        assertEquals(2, r.skipped(), r::toString);
        for (String token : List.of("slid-session-token-00000000000000000000", "iso-session-token-000000000000000000000")) {
            Map<String, AttributeValue> s = cli.get("USER#a", "SESSION#" + token);
            assertNotNull(s, "a session slid after the check is not deleted");
            assertEquals(later, s.get("expires").n());
        }
    }

    /** A client whose DeleteItem of the item with that sort key fails with a 500, every time. */
    static DynamoDbClient failingDeletesOf(DynamoDbClient real, String sortKey) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof java.util.function.Consumer) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args); // builds the request, then calls us
                    }
                    if (args != null && args.length == 1 && args[0] instanceof DeleteItemRequest d
                            && sortKey.equals(d.key().get("sk").s())) {
                        throw InternalServerErrorException.builder().statusCode(500).message("injected 500").build();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
