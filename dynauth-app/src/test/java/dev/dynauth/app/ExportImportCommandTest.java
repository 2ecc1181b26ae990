package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.app.store.DynamoJson;
import dev.dynauth.app.store.ImportRules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ExportImportCommandTest {
    final Cli source = new Cli();
    final Cli target = new Cli();
    @TempDir
    Path dir;

    @BeforeEach
    void tables() {
        source.createTable();
        target.createTable();
    }

    /** One item with every attribute type, nested, with numbers no double can hold. */
    static Map<String, AttributeValue> everyType(String id) {
        Map<String, AttributeValue> i = new LinkedHashMap<>();
        i.put("pk", Cli.s("USER#" + id));
        i.put("sk", Cli.s("USER#" + id));
        i.put("GSI1PK", Cli.s("USER#" + id + "@example.com"));
        i.put("GSI1SK", Cli.s("USER#" + id + "@example.com"));
        i.put("type", Cli.s("USER"));
        i.put("s", Cli.s("ünïcødé \"quoted\" \n newline \u0000 nul 🙂"));
        i.put("n", AttributeValue.fromN("12345678901234567890.123456789012345678"));
        i.put("expires", AttributeValue.fromN("1798085986.691"));
        i.put("negative", AttributeValue.fromN("-1E-130"));
        i.put("b", Cli.b((byte) 0, (byte) 0xff, (byte) 0x80, (byte) 10));
        i.put("yes", AttributeValue.fromBool(true));
        i.put("no", AttributeValue.fromBool(false));
        i.put("nothing", AttributeValue.fromNul(true));
        i.put("ss", AttributeValue.fromSs(List.of("a", "b", "c d")));
        i.put("ns", AttributeValue.fromNs(List.of("1", "2.5", "99999999999999999999999999999999999999")));
        i.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}),
                SdkBytes.fromByteArray(new byte[] {2, 3}))));
        i.put("emptyList", AttributeValue.fromL(List.of()));
        i.put("emptyMap", AttributeValue.fromM(Map.of()));
        i.put("l", AttributeValue.fromL(List.of(Cli.s("x"), AttributeValue.fromN("1"), AttributeValue.fromNul(true),
                AttributeValue.fromL(List.of(AttributeValue.fromBool(false))),
                AttributeValue.fromM(Map.of("k", AttributeValue.fromSs(List.of("z")))))));
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("nested", AttributeValue.fromM(Map.of("deeper", Cli.b((byte) 7), "n", AttributeValue.fromN("0.1"))));
        m.put("set", AttributeValue.fromNs(List.of("3", "4")));
        m.put("weird key.with $ chars", Cli.s(""));
        i.put("m", AttributeValue.fromM(m));
        return i;
    }

    @Test
    void exportThenImportIsLosslessForEveryAttributeType() throws Exception {
        source.put(everyType("u1"));
        source.user("u2", "bob@example.com", "Bob");
        source.session("u2", "tok-000000000000000000000000000000", 1798085986.691);
        source.account("u2", "github", "gh-2", "gho_secret");
        source.authenticator("u2", "Y3JlZA==");
        source.verificationToken("bob@example.com", "hash", AttributeValue.fromN("1798085986"));
        Path file = dir.resolve("backup.jsonl");

        Cli.Result exported = source.run("export", file.toString());
        assertEquals(0, exported.code(), exported::toString);
        assertEquals("exported 6 items of table '" + source.table + "' to " + file, exported.out().strip());
        assertEquals(6, Files.readAllLines(file).size());
        assertTrue(Files.readAllLines(file).get(0).startsWith("{\"Item\":{"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "the export holds session tokens: owner only");

        Cli.Result imported = target.run("import", file.toString(), "--json");
        assertEquals(0, imported.code(), imported::toString);
        assertEquals(6, imported.json().get("items").intValue());

        assertEquals(normalized(all(source)), normalized(all(target)));
        assertEquals(normalized(List.of(source.get("USER#u1", "USER#u1"))),
                normalized(List.of(target.get("USER#u1", "USER#u1"))));

        // idempotent: the same file again changes nothing
        Cli.Result twice = target.run("import", file.toString());
        assertEquals(0, twice.code(), twice::toString);
        assertEquals(normalized(all(source)), normalized(all(target)));
    }

    @Test
    void anUnreadableLineIsReportedWithItsNumberAndNothingIsImported() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= 40; n++) {
            lines.add(DynamoJson.line(everyType("user" + n)));
        }
        lines.set(2, "");                                         // blank lines are skipped
        lines.set(36, "{\"Item\":{\"pk\":{\"S\":\"USER#x\"},\"sk\":{\"X\":\"1\"}}}");
        Files.write(file, lines, StandardCharsets.UTF_8);

        Cli.Result r = target.run("import", file.toString());
        assertEquals(1, r.code(), r::toString);
        assertEquals("dynauth: line 37 of " + file + " is unreadable: attribute 'sk' has unknown type 'X' "
                + "(expected S, N, B, BOOL, NULL, L, M, SS, NS or BS); nothing was imported", r.err().strip());
        assertEquals(0, target.count(), "nothing half-imported");

        lines.set(36, "{\"Item\": {\"pk\": {\"S\": \"USER#x\"}");
        Files.write(file, lines, StandardCharsets.UTF_8);
        Cli.Result broken = target.run("import", file.toString());
        assertEquals(1, broken.code(), broken::toString);
        assertTrue(broken.err().startsWith("dynauth: line 37 of " + file + " is unreadable: not valid JSON"), broken::toString);
        assertEquals(1, broken.err().strip().lines().count(), broken::toString);
        assertEquals(0, target.count());

        lines.set(36, "{\"Item\": {\"pk\": {\"S\": \"USER#x\"}, \"n\": {\"N\": \"twelve\"}}}");
        Files.write(file, lines, StandardCharsets.UTF_8);
        Cli.Result nan = target.run("import", file.toString());
        assertTrue(nan.err().contains("line 37") && nan.err().contains("'twelve' is not a number"), nan::toString);
        assertEquals(0, target.count());

        lines.set(36, "{\"Item\": {\"pk\": {\"S\": \"USER#x\"}}}");
        Files.write(file, lines, StandardCharsets.UTF_8);
        Cli.Result noKey = target.run("import", file.toString());
        assertEquals(1, noKey.code(), noKey::toString);
        assertTrue(noKey.err().contains("line 37 of " + file + ": it has no key attribute 'sk'"), noKey::toString);
        assertEquals(0, target.count());

        Files.write(file, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'});
        Cli.Result notUtf8 = target.run("import", file.toString());
        assertEquals(1, notUtf8.code(), notUtf8::toString);
        assertTrue(notUtf8.err().contains("line 1") && notUtf8.err().contains("not UTF-8"), notUtf8::toString);
    }

    @Test
    void resumeFromALine() throws Exception {
        Path file = dir.resolve("part.jsonl");
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= 60; n++) {
            lines.add(DynamoJson.line(everyType("user" + n)));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        Cli.Result r = target.run("import", file.toString(), "--from-line", "31");
        assertEquals(0, r.code(), r::toString);
        assertEquals("imported 30 items into table '" + target.table + "' from line 31 on", r.out().strip());
        assertEquals(30, target.count());
        assertEquals(null, target.get("USER#user30", "USER#user30"));
        Cli.Result rest = target.run("import", file.toString());
        assertEquals(0, rest.code(), rest::toString);
        assertEquals(60, target.count());
    }

    @Test
    void duplicateKeysInOneFileDoNotBreakTheBatch() throws Exception {
        Path file = dir.resolve("dup.jsonl");
        Map<String, AttributeValue> first = everyType("same");
        Map<String, AttributeValue> second = new LinkedHashMap<>(first);
        second.put("name", Cli.s("second wins"));
        Files.write(file, List.of(DynamoJson.line(first), DynamoJson.line(second)), StandardCharsets.UTF_8);
        Cli.Result r = target.run("import", file.toString());
        assertEquals(0, r.code(), r::toString);
        assertEquals("second wins", target.get("USER#same", "USER#same").get("name").s());
    }

    @Test
    void progressIsDrawnOnATerminalOnly() throws Exception {
        Path file = dir.resolve("p.jsonl");
        Files.write(file, List.of(DynamoJson.line(everyType("p1")), DynamoJson.line(everyType("p2"))));
        Cli.Result quiet = target.run("import", file.toString());
        assertEquals("", quiet.err(), "no terminal: quiet");
        target.interactive = true;
        Cli.Result shown = target.run("import", file.toString());
        assertEquals(0, shown.code(), shown::toString);
        assertTrue(shown.err().contains("importing [") && shown.err().contains("] 2/2"), shown::toString);

        source.interactive = true;
        source.put(everyType("e1"));
        Cli.Result export = source.run("export", dir.resolve("e.jsonl").toString());
        assertTrue(export.err().contains("exporting"), export::toString);
    }

    @Test
    void importErrors() {
        Cli.Result missingFile = target.run("import", dir.resolve("nope.jsonl").toString());
        assertEquals(1, missingFile.code(), missingFile::toString);
        assertTrue(missingFile.err().contains("no such file"), missingFile::toString);

        Cli none = new Cli();
        Cli.Result noTable = none.run("export", dir.resolve("x.jsonl").toString());
        assertEquals(1, noTable.code(), noTable::toString);
        assertTrue(noTable.err().contains("no table"), noTable::toString);
        assertTrue(!Files.exists(dir.resolve("x.jsonl")), "no file is left behind");

        Cli.Result badFolder = source.run("export", dir.resolve("no/such/folder/x.jsonl").toString());
        assertEquals(1, badFolder.code(), badFolder::toString);
        assertTrue(badFolder.err().contains("does not exist"), badFolder::toString);

        Cli.Result badFrom = target.run("import", "x", "--from-line", "0");
        assertEquals(2, badFrom.code(), badFrom::toString);
    }

    private static List<Map<String, AttributeValue>> all(Cli cli) {
        return Cli.client().scanPaginator(r -> r.tableName(cli.table).consistentRead(true)).items().stream().toList();
    }

    /** Items in a comparable form: sets sorted, numbers as they are stored. */
    private static List<String> normalized(List<Map<String, AttributeValue>> items) {
        List<String> out = new ArrayList<>();
        for (Map<String, AttributeValue> i : items) {
            out.add(norm(AttributeValue.fromM(i)));
        }
        out.sort(null);
        return out;
    }

    private static String norm(AttributeValue v) {
        switch (v.type()) {
            case SS: return "SS" + new TreeSet<>(v.ss());
            case NS: return "NS" + new TreeSet<>(v.ns());
            case BS: {
                TreeSet<String> s = new TreeSet<>();
                v.bs().forEach(b -> s.add(java.util.Base64.getEncoder().encodeToString(b.asByteArray())));
                return "BS" + s;
            }
            case L: {
                List<String> l = new ArrayList<>();
                v.l().forEach(e -> l.add(norm(e)));
                return "L" + l;
            }
            case M: {
                java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
                v.m().forEach((k, e) -> m.put(k, norm(e)));
                return "M" + m;
            }
            case B: return "B" + java.util.Base64.getEncoder().encodeToString(v.b().asByteArray());
            default: return v.toString();
        }
    }

    /** 30 good lines, then {@code bad} on line 31. */
    private Path thirtyGoodLinesThen(Map<String, AttributeValue> bad) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= 30; n++) {
            lines.add(DynamoJson.line(everyType("good" + n)));
        }
        lines.add(DynamoJson.line(bad));
        Path file = dir.resolve("hostile.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static Map<String, AttributeValue> with(String attribute, AttributeValue value) {
        Map<String, AttributeValue> i = new LinkedHashMap<>(everyType("bad"));
        i.put(attribute, value);
        return i;
    }

    private static AttributeValue nested(int levels) {
        AttributeValue v = Cli.s("bottom");
        for (int n = 0; n < levels; n++) {
            v = AttributeValue.fromM(Map.of("m", v));
        }
        return v;
    }

    @Test
    void aLineDynamoDbWouldRefuseStopsTheImportBeforeItsFirstWrite() throws Exception {
        Map<String, Map<String, AttributeValue>> hostile = new LinkedHashMap<>();
        hostile.put("over DynamoDB's item size limit of 400 KB", with("big", Cli.s("x".repeat(410_000))));
        hostile.put("nests lists or maps deeper than DynamoDB's 32 levels", with("deep", nested(32)));
        hostile.put("index key attribute 'GSI1PK' must be a string (S)", with("GSI1PK", AttributeValue.fromN("1")));
        hostile.put("index key attribute 'GSI1SK' must not be an empty string", with("GSI1SK", Cli.s("")));
        hostile.put("has the number 1e200, out of DynamoDB's range", with("n", AttributeValue.fromN("1e200")));
        hostile.put("has the number 1E-131, out of DynamoDB's range", with("n", AttributeValue.fromN("1E-131")));
        hostile.put("more than 38 significant digits", with("n", AttributeValue.fromN("1234567890123456789012345678901234567890")));
        hostile.put("is a string set holding a member twice", with("ss", AttributeValue.fromSs(List.of("a", "a"))));
        hostile.put("is a number set holding 1.0 twice", with("ns", AttributeValue.fromNs(List.of("1", "1.0"))));
        hostile.put("is a binary set holding a member twice", with("bs", AttributeValue.fromBs(List.of(
                SdkBytes.fromByteArray(new byte[] {1}), SdkBytes.fromByteArray(new byte[] {1})))));
        hostile.put("key attribute 'pk' is 2049 bytes, over DynamoDB's limit of 2048", with("pk", Cli.s("USER#" + "p".repeat(2044))));
        hostile.put("key attribute 'sk' is 1025 bytes, over DynamoDB's limit of 1024", with("sk", Cli.s("USER#" + "s".repeat(1020))));
        hostile.put("index key attribute 'GSI1SK' is 1025 bytes", with("GSI1SK", Cli.s("s".repeat(1025))));
        hostile.put("key attribute 'sk' must be a string (S)", with("sk", Cli.b((byte) 1)));
        for (Map.Entry<String, Map<String, AttributeValue>> h : hostile.entrySet()) {
            Path file = thirtyGoodLinesThen(h.getValue());
            Cli.Result r = target.run("import", file.toString());
            assertEquals(1, r.code(), h.getKey() + ": " + r);
            assertTrue(r.err().startsWith("dynauth: line 31 of " + file + ": ") && r.err().contains(h.getKey())
                    && r.err().strip().endsWith("; nothing was imported"), h.getKey() + ": " + r);
            assertEquals(0, target.count(), h.getKey() + ": nothing written");
        }
    }

    @Test
    void anItemAtEveryLimitIsImported() throws Exception {
        Map<String, AttributeValue> edge = new LinkedHashMap<>(everyType("edge"));
        edge.put("pk", Cli.s("USER#" + "p".repeat(2043)));
        edge.put("sk", Cli.s("USER#" + "s".repeat(1019)));
        edge.put("deep", nested(31)); // the item is the first level
        edge.put("large", AttributeValue.fromN("9.9999999999999999999999999999999999999E+125"));
        edge.put("small", AttributeValue.fromN("-1E-130"));
        edge.put("ns", AttributeValue.fromNs(List.of("1", "1.5")));
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : edge.entrySet()) {
            size += e.getKey().length() + ImportRules.size(e.getValue());
        }
        edge.put("fill", Cli.s("f".repeat((int) (ImportRules.MAX_ITEM_BYTES - size - 4 - 64))));
        Path file = dir.resolve("edge.jsonl");
        Files.write(file, List.of(DynamoJson.line(edge)), StandardCharsets.UTF_8);
        Cli.Result r = target.run("import", file.toString());
        assertEquals(0, r.code(), r::toString);
        assertEquals(1, target.count());
    }

    @Test
    void aFailedImportNamesTheFirstLineNotWritten() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= 60; n++) {
            lines.add(DynamoJson.line(everyType("user" + n)));
        }
        Path file = dir.resolve("sixty.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        // the first batch: DynamoDB writes only its second half and returns the first as unprocessed, then fails
        target.through = real -> failingAfterAPartialBatch(real);
        Cli.Result r = target.run("import", file.toString(), "--writers", "1");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("--from-line 1 "), "lines 1 to 12 were never written: " + r);
        assertEquals(13, target.count(), "the second half of the first batch");
        target.through = c -> c;
        Cli.Result resumed = target.run("import", file.toString(), "--from-line", "1");
        assertEquals(0, resumed.code(), resumed::toString);
        assertEquals(60, target.count());
    }

    /** Writes the second half of the first BatchWriteItem, answers the first half as unprocessed, then fails with a 500. */
    static software.amazon.awssdk.services.dynamodb.DynamoDbClient failingAfterAPartialBatch(
            software.amazon.awssdk.services.dynamodb.DynamoDbClient real) {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        return (software.amazon.awssdk.services.dynamodb.DynamoDbClient) java.lang.reflect.Proxy.newProxyInstance(
                software.amazon.awssdk.services.dynamodb.DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {software.amazon.awssdk.services.dynamodb.DynamoDbClient.class}, (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof java.util.function.Consumer) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (args != null && args.length == 1 && args[0] instanceof software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest b) {
                        if (calls.getAndIncrement() > 0) {
                            throw software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException.builder()
                                    .statusCode(500).message("injected 500").build();
                        }
                        String table = b.requestItems().keySet().iterator().next();
                        var all = b.requestItems().get(table);
                        int half = all.size() / 2;
                        real.batchWriteItem(x -> x.requestItems(Map.of(table, all.subList(half, all.size()))));
                        return software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse.builder()
                                .unprocessedItems(Map.of(table, all.subList(0, half))).build();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
