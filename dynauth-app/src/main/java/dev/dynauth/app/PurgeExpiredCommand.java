package dev.dynauth.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "purge-expired", mixinStandardHelpOptions = true,
        description = "Delete sessions, verification tokens and other items whose 'expires' has passed "
                + "(DynamoDB Local's TTL never does). Dry run unless --yes.")
final class PurgeExpiredCommand extends StoreCommand {
    @Option(names = "--yes", description = "Really delete (without it, only report what would be deleted).")
    boolean yes;

    @Override
    public Integer call() {
        try (Store store = open()) {
            store.admin().require();
            Sweep.Result r = new Sweep(store.items()).run(Instant.now(), !yes,
                    new Progress(err(), interactive(), yes ? "purging" : "scanning", 0));
            if (json()) {
                ObjectNode n = DynamoJson.MAPPER.createObjectNode();
                n.put("dryRun", !yes).put("expired", r.expired()).put("deleted", r.deleted())
                        .put("changedMeanwhile", r.changed());
                ObjectNode byType = n.putObject("byType");
                r.byType().forEach(byType::put);
                printJson(n);
            } else {
                TextTable t = new TextTable("TYPE", "EXPIRED ITEMS");
                r.byType().forEach(t::row);
                if (!t.isEmpty()) t.print(out());
                if (!yes) {
                    out().println(r.expired() + " expired items" + (r.expired() > 0 ? " would be deleted; run again with --yes to delete them" : ""));
                } else {
                    out().println("deleted " + r.deleted() + " expired items"
                            + (r.changed() > 0 ? " (" + r.changed() + " were extended meanwhile and kept)" : ""));
                }
                out().flush();
            }
            return 0;
        }
    }

    /**
     * One pass over the items with an {@code expires}: each one that has passed is deleted with a
     * condition that its {@code expires} is still the value read, so a session extended meanwhile survives.
     */
    static final class Sweep {
        private final Items items;

        Sweep(Items items) {
            this.items = items;
        }

        record Result(long expired, long deleted, long changed, Map<String, Long> byType) {}

        Result run(Instant now, boolean dryRun, Progress progress) {
            Map<String, Long> byType = new TreeMap<>();
            List<Map<String, AttributeValue>> expired = new ArrayList<>();
            long deleted = 0;
            long changed = 0;
            try (progress) {
                var it = items.withExpiry().iterator();
                while (it.hasNext()) {
                    Map<String, AttributeValue> item = it.next();
                    if (items.expiresBefore(item, now)) {
                        String type = Items.s(item, dev.dynauth.TableOptions.TYPE_ATTRIBUTE);
                        byType.merge(type == null ? "(none)" : type, 1L, Long::sum);
                        expired.add(item);
                        if (!dryRun) {
                            if (items.deleteIfExpiresUnchanged(item)) deleted++;
                            else changed++;
                        }
                        progress.add(1);
                    }
                }
            }
            return new Result(expired.size(), deleted, changed, byType);
        }
    }
}
