package dev.dynauth.app.command;

import dev.dynauth.app.store.DynamoJson;
import dev.dynauth.app.store.Store;
import dev.dynauth.app.store.TableAdmin;
import java.util.List;
import picocli.CommandLine.Command;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "table", mixinStandardHelpOptions = true,
        description = "Create, check or print the definition of the table.",
        subcommands = {TableCommand.Create.class, TableCommand.Verify.class,
                TableCommand.CloudFormation.class, TableCommand.Cdk.class})
public final class TableCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create the table (on-demand billing, the GSI, TTL on 'expires'); check it if it exists.")
    static final class Create extends StoreCommand {
        @Override
        boolean createsDatabase() {
            return true;
        }

        @Override
        public Integer call() {
            try (Store store = open()) {
                TableAdmin admin = store.admin();
                // an existing table may be half-made (a first start killed before TTL was on): finish it
                boolean existed = admin.describe().isPresent();
                List<String> repaired = existed ? admin.repair() : List.of();
                boolean created = !existed && admin.create();
                List<String> problems = created ? List.of() : admin.verify();
                String table = store.options().tableName();
                if (json()) {
                    ObjectNode n = DynamoJson.MAPPER.createObjectNode();
                    n.put("table", table).put("created", created).put("ok", problems.isEmpty())
                            .put("where", store.description());
                    repaired.forEach(n.putArray("repaired")::add);
                    problems.forEach(n.putArray("problems")::add);
                    printJson(n);
                } else if (created) {
                    out().println("created table '" + table + "' in " + store.description());
                } else {
                    if (!repaired.isEmpty()) {
                        out().println("table '" + table + "' in " + store.description() + " was half-made; repaired:");
                        repaired.forEach(p -> out().println("  - " + p));
                    }
                    if (problems.isEmpty()) {
                        out().println("table '" + table + "' " + (repaired.isEmpty() ? "already exists and " : "now ")
                                + "matches the options");
                    } else {
                        out().println("table '" + table + "' in " + store.description() + " does not match the options "
                                + "and cannot be repaired by dynauth (keys, index and projection are fixed at creation; "
                                + "recreate the table or use options that match it):");
                        problems.forEach(p -> out().println("  - " + p));
                    }
                }
                out().flush();
                return problems.isEmpty() ? 0 : 1;
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check that the table has the keys and index of the options; exit code 1 if not.")
    static final class Verify extends StoreCommand {
        @Override
        public Integer call() {
            try (Store store = open()) {
                TableAdmin admin = store.admin();
                List<String> problems = admin.verify();
                String table = store.options().tableName();
                if (json()) {
                    ObjectNode n = DynamoJson.MAPPER.createObjectNode();
                    n.put("table", table).put("ok", problems.isEmpty()).put("where", store.description());
                    problems.forEach(n.putArray("problems")::add);
                    printJson(n);
                } else if (problems.isEmpty()) {
                    var o = store.options();
                    out().println("table '" + table + "' matches: keys " + o.partitionKey() + "/" + o.sortKey()
                            + ", index " + o.indexName() + " on " + o.indexPartitionKey() + "/" + o.indexSortKey()
                            + " projecting ALL, TTL on expires");
                } else {
                    out().println("table '" + table + "' does not match the options:");
                    problems.forEach(p -> out().println("  - " + p));
                }
                out().flush();
                return problems.isEmpty() ? 0 : 1;
            }
        }
    }

    @Command(name = "cloudformation", mixinStandardHelpOptions = true,
            description = "Print a CloudFormation template (YAML; JSON with --json) for the table.")
    static final class CloudFormation extends StoreCommand {
        @Override
        public Integer call() {
            TableAdmin admin = new TableAdmin(null, connection.tableOptions());
            out().print(json() ? admin.cloudFormationJson() : admin.cloudFormationYaml());
            out().flush();
            return 0;
        }
    }

    @Command(name = "cdk", mixinStandardHelpOptions = true,
            description = "Print AWS CDK (TypeScript) code for the table.")
    static final class Cdk extends StoreCommand {
        @Override
        public Integer call() {
            TableAdmin admin = new TableAdmin(null, connection.tableOptions());
            if (json()) {
                ObjectNode n = DynamoJson.MAPPER.createObjectNode();
                n.put("language", "typescript").put("code", admin.cdk());
                printJson(n);
            } else {
                out().print(admin.cdk());
                out().flush();
            }
            return 0;
        }
    }
}
