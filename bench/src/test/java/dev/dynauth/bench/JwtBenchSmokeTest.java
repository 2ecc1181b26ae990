package dev.dynauth.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One tiny round of the JWT bench: the harness runs and both sides decode the same token. No timing is asserted. */
class JwtBenchSmokeTest {

    @Test
    void oneRoundOfEachOperationOnBothSides() throws Exception {
        JwtBench.Options o = JwtBench.Options.parse(new String[] {"--iterations", "20", "--warmup", "0", "--rounds", "1"});
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        JwtBench.Report report = JwtBench.run(o, new PrintStream(progress, true, StandardCharsets.UTF_8));
        assertEquals(3, report.rows().size());
        assertTrue(report.table().contains("decode (@auth/core, v5)"), report.table());
        assertEquals("0.41.3", report.versions().path("@auth/core").asText());
        report.rows().forEach(r -> assertTrue(r.dynauth().get(0) > 0 && r.node().get(0) > 0, r.name()));
    }
}
