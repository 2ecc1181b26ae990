package dev.dynauth.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proves the harness works end to end with one iteration of each operation on each side. It measures nothing
 * and asserts no timing: the benchmark itself runs only through bench/run.
 */
class BenchSmokeTest {

    /** What the npm adapter 2.11.3 sends per operation, read from its source: checks the Node-side counting. */
    private static final Map<Op, Map<String, Long>> NPM_REQUESTS = Map.ofEntries(
            Map.entry(Op.CREATE_USER, Map.of("PutItem", 1L)),
            Map.entry(Op.BASELINE_GET_ITEM, Map.of("GetItem", 1L)),
            Map.entry(Op.GET_USER, Map.of("GetItem", 1L)),
            Map.entry(Op.GET_USER_BY_EMAIL, Map.of("Query", 1L)),
            Map.entry(Op.CREATE_SESSION, Map.of("PutItem", 1L)),
            Map.entry(Op.GET_SESSION_AND_USER, Map.of("Query", 1L, "GetItem", 1L)),
            Map.entry(Op.GET_SESSION_AND_USER_FIRST_SIGHT, Map.of("Query", 1L, "GetItem", 1L)),
            Map.entry(Op.CREATE_SELF_LOCATING_SESSION, Map.of("PutItem", 1L)),
            Map.entry(Op.GET_SELF_LOCATING_SESSION, Map.of("Query", 1L, "GetItem", 1L)),
            Map.entry(Op.UPDATE_SESSION, Map.of("Query", 1L, "UpdateItem", 1L)),
            Map.entry(Op.LINK_ACCOUNT, Map.of("PutItem", 1L)),
            Map.entry(Op.GET_USER_BY_ACCOUNT, Map.of("Query", 1L, "GetItem", 1L)),
            Map.entry(Op.VERIFICATION_TOKEN, Map.of("PutItem", 1L, "DeleteItem", 1L)),
            Map.entry(Op.DELETE_SESSION, Map.of("Query", 1L, "DeleteItem", 1L)),
            Map.entry(Op.DELETE_USER, Map.of("Query", 1L, "BatchWriteItem", 1L)));

    /** dynauth's session reads (issue 11): by key when the owner is known, the index otherwise. */
    private static final Map<Op, Map<String, Long>> DYNAUTH_SESSION_READS = Map.of(
            Op.GET_SESSION_AND_USER, Map.of("BatchGetItem", 1L),
            Op.GET_SESSION_AND_USER_FIRST_SIGHT, Map.of("Query", 1L, "GetItem", 1L),
            Op.GET_SELF_LOCATING_SESSION, Map.of("BatchGetItem", 1L),
            Op.UPDATE_SESSION, Map.of("UpdateItem", 1L),
            Op.DELETE_SESSION, Map.of("DeleteItem", 1L));

    @Test
    void oneIterationOfEachOperationOnBothSides() {
        Bench.Options options = Bench.Options.parse(
                "--iterations", "1", "--warmup", "0", "--rounds", "1", "--sessions-per-user", "2");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Bench.Report report = Bench.run(options, new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertEquals(Op.values().length, report.rows().size());
        for (Bench.Row row : report.rows()) {
            PhaseResult dynauth = row.dynauth().get(0);
            PhaseResult npm = row.npm().get(0);
            assertEquals(1, dynauth.iterations(), row.op().label());
            assertEquals(1, npm.iterations(), row.op().label());
            assertTrue(dynauth.counts().requests() >= 1, row.op().label() + " sent no request from dynauth");
            assertEquals(0, dynauth.counts().failed(), row.op().label());
            assertEquals(0, npm.counts().failed(), row.op().label());
            assertEquals(NPM_REQUESTS.get(row.op()), npm.counts().calls(), row.op().label());
            if (DYNAUTH_SESSION_READS.containsKey(row.op())) {
                assertEquals(DYNAUTH_SESSION_READS.get(row.op()), dynauth.counts().calls(), row.op().label());
            }
        }
        String table = Bench.table(report);
        for (Op op : Op.values()) {
            assertTrue(table.contains(op.label()), table);
        }
        assertEquals(Op.values().length, Bench.json(report).path("operations").size());
    }
}
