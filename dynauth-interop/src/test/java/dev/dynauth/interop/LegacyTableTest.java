package dev.dynauth.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.ItemKey;
import dev.dynauth.TableChecker;
import dev.dynauth.TableReport;
import dev.dynauth.TableRepair;
import dev.dynauth.Violation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a table the real npm adapter drove into each of its defects. The checker reports exactly the planted
 * violations; the repair (what {@code dynauth doctor --fix --merge-duplicates} runs) clears them; the table is then
 * clean, and the npm adapter reads every surviving user, session and account to the same values.
 */
class LegacyTableTest extends InteropBase {

    static Set<String> describe(List<Violation> violations) {
        return violations.stream().map(v -> v.kind() + " " + v.items().stream().map(LegacyTableTest::raw)
                .collect(Collectors.toCollection(TreeSet::new))).collect(Collectors.toCollection(TreeSet::new));
    }

    static String raw(ItemKey k) {
        return k.partition() + " / " + k.sort();
    }

    @Test
    void doctorReportsExactlyThePlantedDefectsAndRepairsThem() {
        Table t = table(Schema.DEFAULT);
        LegacyTable legacy = LegacyTable.build(node, t.dynauth());
        TableChecker checker = TableChecker.builder(dynamo()).options(t.options()).segments(3).build();

        TableReport before = checker.check();
        Set<String> expected = legacy.planted.stream().map(p -> p.kind() + " " + new TreeSet<>(p.keys()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, describe(before.violations()), "exactly the planted violations");

        TableRepair.Result first = TableRepair.builder(dynamo()).options(t.options()).build().fix(before);
        TableReport afterFix = checker.check();
        assertEquals(Set.of("ACCOUNT_LINKED_TWICE", "DUPLICATE_EMAIL"),
                afterFix.violations().stream().map(v -> v.kind().name()).collect(Collectors.toSet()),
                "without a merge policy only the ambiguous ones are left: " + afterFix.violations() + " after " + first);

        TableRepair merging = TableRepair.builder(dynamo()).options(t.options()).mergeDuplicates(true).build();
        TableReport now = afterFix;
        for (int pass = 0; pass < 3 && !now.clean(); pass++) {
            merging.fix(now);
            now = checker.check();
        }
        assertEquals(List.of(), now.violations(), "clean after the repair");

        node.configure(SharedDynamoDbLocal.server().endpoint().toString(), t.schema().npmOptions(t.options()), SECRET);
        legacy.users.forEach((id, read) -> assertSameFields("npm getUser " + id, read, node.adapterMap("getUser", id)));
        legacy.mergedInto.keySet().forEach(id -> assertNull(node.adapter("getUser", id), "merged away: " + id));
        legacy.sessions.forEach((token, read) -> {
            Map<String, Object> after = node.adapterMap("getSessionAndUser", token);
            Map<String, Object> session = map(read.get("session"));
            Map<String, Object> sessionAfter = map(after.get("session"));
            String owner = (String) session.get("userId");
            String expectedOwner = legacy.mergedInto.getOrDefault(owner, owner);
            session.put("userId", expectedOwner);
            assertSameFields("npm session " + token.substring(0, 4), session, sessionAfter);
            assertEquals(expectedOwner, map(after.get("user")).get("id"));
        });
        legacy.accounts.forEach((k, read) -> {
            String[] p = k.split("/");
            Map<String, Object> after = node.adapterMap("getUserByAccount", Map.of("provider", p[0], "providerAccountId", p[1]));
            assertTrue(after != null, k);
            assertEquals(legacy.users.containsKey((String) after.get("id")), true, "owned by a surviving user");
        });
        // and dynauth now finds the moved user by its new email, as the npm adapter does
        assertTrue(describe(checker.check().violations()).isEmpty());
    }
}
