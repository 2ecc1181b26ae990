package dev.dynauth.app.command;

import dev.dynauth.TableChecker;
import dev.dynauth.TableReport;
import dev.dynauth.TableRepair;
import dev.dynauth.Violation;
import dev.dynauth.ViolationKind;
import dev.dynauth.app.store.CliException;
import dev.dynauth.app.store.DynamoJson;
import dev.dynauth.app.store.Progress;
import dev.dynauth.app.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check the table for what breaks dynauth's guarantees, and repair it.",
                "Reports duplicate users, accounts linked twice, USER#undefined and stale index keys, stub items, "
                        + "orphans, missing and stale uniqueness claims, ISO and passed expiries, and unknown items "
                        + "(never touched). Exit code 0 when clean, 3 when violations remain.",
                "--fix repairs what has one right answer, each with a conditional write that does nothing if the item "
                        + "changed since it was read (safe beside live traffic; run again to resume). Duplicate users "
                        + "are merged only with --merge-duplicates."})
public final class DoctorCommand extends StoreCommand {
    public static final int VIOLATIONS_EXIT = 3;

    @Option(names = "--fix", description = "Repair what has one right answer, then check again.")
    boolean fix;

    @Option(names = "--merge-duplicates", description = "With --fix: merge users that share an email or a provider account "
            + "(keep the oldest; move the others' accounts, sessions and passkeys to it; delete the others). A merged user's "
            + "email that differs from the kept user's is dropped; the report names each such email before the merge.")
    boolean merge;

    @Option(names = "--segments", paramLabel = "N", defaultValue = "4", description = "Parallel Scan segments (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--max-rcu", paramLabel = "UNITS", defaultValue = "0",
            description = "Read capacity units per second at most, across segments (default: no bound).")
    double maxRcu;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Save the scan's position to FILE every few seconds and resume from it if it exists.")
    Path checkpoint;

    @Override
    public Integer call() {
        if (merge && !fix) {
            throw new CliException("--merge-duplicates needs --fix", 2);
        }
        try (Store store = openTable()) {
            TableReport first = check(store, "checking");
            TableReport last = first;
            List<TableRepair.Result> passes = new ArrayList<>();
            TableRepair repair = TableRepair.builder(store.client()).options(store.options()).mergeDuplicates(merge).build();
            // told before any merge runs: which user stays, and which emails the merge drops
            List<TableRepair.MergePlan> plans = repair.plan(first);
            if (fix && merge && !json()) {
                printPlans(plans, true);
            }
            if (fix) {
                // A repair can reveal the next one (a merged user then lacks its claim): a few passes until nothing changes.
                for (int pass = 0; pass < 4 && hasWork(last); pass++) {
                    TableRepair.Result r = repair.fix(last);
                    passes.add(r);
                    last = check(store, "checking again");
                    if (r.fixed() == 0) {
                        break;
                    }
                }
            }
            print(first, last, passes, plans);
            return last.clean() ? 0 : VIOLATIONS_EXIT;
        }
    }

    private void printPlans(List<TableRepair.MergePlan> plans, boolean now) {
        for (TableRepair.MergePlan p : plans) {
            out().println((now ? "merging: keep" : "a merge would keep") + " user " + p.keptUserId()
                    + (p.keptEmail() == null ? "" : " (" + p.keptEmail() + ")") + ", merge " + String.join(", ", p.mergedUserIds())
                    + (p.droppedEmails().isEmpty() ? "" : "; drops the email " + String.join(", ", p.droppedEmails())
                            + ": it will sign in to no one (a magic link to it makes a new user)"));
        }
        out().flush();
    }

    private boolean hasWork(TableReport r) {
        return r.violations().stream().anyMatch(v -> v.kind().fixable() || (merge && v.kind().ambiguous()));
    }

    private TableReport check(Store store, String label) {
        TableChecker.Builder b = TableChecker.builder(store.client()).options(store.options()).segments(segments)
                .maxReadUnitsPerSecond(maxRcu);
        if (checkpoint != null) {
            if (Files.isRegularFile(checkpoint)) {
                b.resumeFrom(readCheckpoint());
            }
            b.checkpoints(this::writeCheckpoint, Duration.ofSeconds(5));
        }
        try (Progress progress = new Progress(err(), interactive() && !json(), label, 0)) {
            long[] seen = {0};
            b.progress(p -> {
                synchronized (seen) {
                    progress.add(p.items() - seen[0]);
                    seen[0] = p.items();
                }
            });
            TableReport report = b.build().check();
            // A checkpoint belongs to the scan that wrote it: once that scan is complete, no later scan (the check
            // after the repairs, the next run) may resume from it and report items as they were before the repairs.
            deleteCheckpoint();
            return report;
        } catch (TableChecker.IncompleteCheckException e) {
            throw new CliException(e.getMessage() + (checkpoint == null ? " (run with --checkpoint FILE to resume)" : ""), e);
        }
    }

    private void deleteCheckpoint() {
        if (checkpoint != null) {
            try {
                Files.deleteIfExists(checkpoint);
            } catch (IOException e) {
                throw new CliException("cannot delete " + checkpoint + ": " + e.getMessage());
            }
        }
    }

    private void print(TableReport first, TableReport last, List<TableRepair.Result> passes, List<TableRepair.MergePlan> plans) {
        List<TableRepair.Failure> failures = passes.stream().flatMap(p -> p.failures().stream()).toList();
        if (json()) {
            ObjectNode n = DynamoJson.MAPPER.createObjectNode();
            n.put("scanned", last.scanned());
            n.put("clean", last.clean());
            n.set("found", violations(first));
            ArrayNode merges = n.putArray("merges");
            for (TableRepair.MergePlan p : plans) {
                ObjectNode m = merges.addObject().put("keptUserId", p.keptUserId()).put("keptEmail", p.keptEmail());
                p.mergedUserIds().forEach(m.putArray("mergedUserIds")::add);
                p.droppedEmails().forEach(m.putArray("droppedEmails")::add);
            }
            if (fix) {
                int fixed = passes.stream().mapToInt(TableRepair.Result::fixed).sum();
                int skipped = passes.stream().mapToInt(TableRepair.Result::skipped).sum();
                n.put("fixed", fixed).put("skipped", skipped).put("passes", passes.size());
                ArrayNode failed = n.putArray("failed");
                failures.forEach(f -> failed.addObject().put("kind", f.violation().kind().name())
                        .put("reason", f.reason()).put("items", f.violation().items().toString()));
                n.set("remaining", violations(last));
            }
            printJson(n);
            return;
        }
        TextTable t = new TextTable("KIND", "ITEMS", "DETAIL", "SUGGESTED");
        for (Violation v : first.violations()) {
            t.row(v.kind(), String.join(", ", v.items().stream().map(Object::toString).toList()), v.detail(),
                    v.kind().fixable() ? "--fix: " + v.kind().suggestion()
                            : v.kind().ambiguous() ? "--fix --merge-duplicates: merge the users" : v.kind().suggestion());
        }
        if (!t.isEmpty()) {
            t.print(out());
        }
        out().println("scanned " + first.scanned() + " items: " + summary(first));
        if (fix) {
            int fixed = passes.stream().mapToInt(TableRepair.Result::fixed).sum();
            int skipped = passes.stream().mapToInt(TableRepair.Result::skipped).sum();
            out().println("fixed " + fixed + (skipped > 0 ? ", skipped " + skipped + " that changed meanwhile" : "")
                    + (failures.isEmpty() ? "" : ", " + failures.size() + " failed") + "; now: " + summary(last));
            for (TableRepair.Failure f : failures) {
                out().println("  failed: " + f.violation().kind() + " " + f.violation().items() + ": " + f.reason());
            }
            for (Violation v : last.violations()) {
                out().println("  left: " + v.kind() + " " + v.items() + " (" + v.kind().suggestion() + ")");
            }
        } else if (!first.clean()) {
            long fixable = first.violations().stream().filter(v -> v.kind().fixable()).count();
            long ambiguous = first.violations().stream().filter(v -> v.kind().ambiguous()).count();
            out().println(fixable + " can be repaired with --fix" + (ambiguous > 0
                    ? "; " + ambiguous + " need --fix --merge-duplicates" : ""));
            printPlans(plans, false);
        }
        out().flush();
    }

    private static String summary(TableReport r) {
        if (r.clean()) {
            return "no violations";
        }
        List<String> parts = new ArrayList<>();
        r.counts().forEach((k, n) -> parts.add(n + " " + k));
        return String.join(", ", parts);
    }

    private static ArrayNode violations(TableReport r) {
        ArrayNode a = DynamoJson.MAPPER.createArrayNode();
        for (Violation v : r.violations()) {
            ObjectNode o = a.addObject();
            o.put("kind", v.kind().name()).put("detail", v.detail()).put("fixable", v.kind().fixable())
                    .put("ambiguous", v.kind().ambiguous()).put("suggestion", v.kind().suggestion());
            if (v.age() != null) {
                o.put("ageSeconds", v.age().toSeconds());
            }
            ArrayNode items = o.putArray("items");
            v.items().forEach(k -> items.add(k.masked()));
        }
        return a;
    }

    // ---- checkpoint file: {"positions": [item or null...], "items": [item...]} in DynamoDB JSON ----------------

    private void writeCheckpoint(TableChecker.Checkpoint cp) {
        ObjectNode n = DynamoJson.MAPPER.createObjectNode();
        ArrayNode positions = n.putArray("positions");
        cp.positions().forEach(p -> {
            if (p == null) {
                positions.addNull();
            } else {
                positions.add(DynamoJson.toJson(p));
            }
        });
        ArrayNode items = n.putArray("items");
        cp.items().forEach(i -> items.add(DynamoJson.toJson(i)));
        try {
            Path tmp = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
            Files.writeString(tmp, "", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------")); // it holds session tokens
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the user's profile directory is private already
            }
            Files.writeString(tmp, DynamoJson.MAPPER.writeValueAsString(n), StandardCharsets.UTF_8);
            Files.move(tmp, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException("cannot write the checkpoint " + checkpoint + ": " + e.getMessage());
        }
    }

    private TableChecker.Checkpoint readCheckpoint() {
        try {
            JsonNode n = DynamoJson.MAPPER.readTree(Files.readString(checkpoint, StandardCharsets.UTF_8));
            List<Map<String, AttributeValue>> positions = new ArrayList<>();
            for (JsonNode p : n.get("positions")) {
                positions.add(p.isNull() ? null : new HashMap<>(DynamoJson.fromJsonItem(p, "positions")));
            }
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (JsonNode i : n.get("items")) {
                items.add(DynamoJson.fromJsonItem(i, "items"));
            }
            return new TableChecker.Checkpoint(positions, items);
        } catch (IOException | RuntimeException e) {
            throw new CliException("cannot read the checkpoint " + checkpoint + " (delete it to start over): " + e.getMessage());
        }
    }
}
