package dev.dynauth.app.command;

import dev.dynauth.TableOptions;
import dev.dynauth.app.store.DynamoJson;
import dev.dynauth.app.store.Store;
import dev.dynauth.local.ExpirySweeper;
import dev.dynauth.local.SweepResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "purge-expired", mixinStandardHelpOptions = true,
        description = {"Delete expired sessions and tokens (dry run unless --yes).",
                "Deletes the items whose 'expires' (epoch seconds) has passed, as DynamoDB's TTL would "
                        + "(DynamoDB Local's TTL never deletes verification tokens). A session extended meanwhile is kept."})
public final class PurgeExpiredCommand extends StoreCommand {
    @Option(names = "--yes", description = "Really delete (without it, only count what would be deleted).")
    boolean yes;

    @Override
    public Integer call() {
        try (Store store = openTable()) {
            SweepResult r;
            try (ExpirySweeper sweeper = sweeper(store)) {
                if (interactive()) {
                    err().print(yes ? "purging expired items…" : "scanning for expired items…");
                    err().flush();
                }
                r = yes ? sweeper.sweep() : sweeper.dryRun();
                if (interactive()) {
                    err().println(" done");
                    err().flush();
                }
            }
            if (json()) {
                ObjectNode n = DynamoJson.MAPPER.createObjectNode();
                n.put("dryRun", r.dryRun()).put("scanned", r.scanned()).put("expired", r.expired())
                        .put("deleted", r.deleted());
                printJson(n);
            } else {
                TextTable t = new TextTable("SCANNED", "EXPIRED", "DELETED");
                t.row(r.scanned(), r.expired(), r.deleted());
                t.print(out());
                if (r.dryRun()) {
                    out().println(r.expired() + " expired items" + (r.expired() > 0
                            ? " would be deleted; run again with --yes to delete them" : ""));
                } else {
                    out().println("deleted " + r.deleted() + " expired items"
                            + (r.expired() > r.deleted() ? " (" + (r.expired() - r.deleted())
                            + " were extended or deleted meanwhile)" : ""));
                }
                out().flush();
            }
            return 0;
        }
    }

    static ExpirySweeper sweeper(Store store) {
        TableOptions o = store.options();
        return ExpirySweeper.builder(store.client(), o.tableName())
                .partitionKey(o.partitionKey()).sortKey(o.sortKey()).build();
    }
}
