package dev.dynauth.app;

import dev.dynauth.TableOptions;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "users", mixinStandardHelpOptions = true, description = "List, show and delete users.",
        subcommands = {UsersCommand.ListUsers.class, UsersCommand.Show.class, UsersCommand.Delete.class})
final class UsersCommand {

    /** Account attributes that hold provider secrets: never printed. */
    static final Set<String> SECRET_ATTRIBUTES = Set.of("access_token", "refresh_token", "id_token", "session_state",
            "credentialPublicKey");

    /** The user as plain JSON: its attributes without the table's key attributes and {@code type}. */
    static ObjectNode userJson(Map<String, AttributeValue> item, TableOptions o) {
        ObjectNode n = DynamoJson.MAPPER.createObjectNode();
        Set<String> skip = Set.of(o.partitionKey(), o.sortKey(), o.indexPartitionKey(), o.indexSortKey(),
                TableOptions.TYPE_ATTRIBUTE);
        for (String first : List.of("id", "email", "name", "emailVerified", "image")) {
            if (item.containsKey(first)) n.set(first, DynamoJson.plain(item.get(first)));
        }
        item.forEach((k, v) -> {
            if (!skip.contains(k) && !n.has(k)) n.set(k, DynamoJson.plain(v));
        });
        return n;
    }

    static Map<String, AttributeValue> requireUser(Items items, String idOrEmail) {
        return items.userByIdOrEmail(idOrEmail).orElseThrow(() -> new CliException(
                "no user with " + (idOrEmail.contains("@") ? "id or email '" : "id '") + idOrEmail + "'"));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users (scans the table).")
    static final class ListUsers extends StoreCommand {
        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
                description = "Show at most N users (default: ${DEFAULT-VALUE}); 0 for all.")
        int limit;

        @Override
        public Integer call() {
            if (limit < 0) throw new CliException("--limit must be 0 or more", 2);
            try (Store store = open()) {
                store.admin().require();
                TableOptions o = store.options();
                ArrayNode arr = DynamoJson.MAPPER.createArrayNode();
                TextTable t = new TextTable("ID", "EMAIL", "NAME", "EMAIL VERIFIED");
                int count = 0;
                boolean more = false;
                try (Stream<Map<String, AttributeValue>> users = store.items().users()) {
                    Iterator<Map<String, AttributeValue>> it = users.iterator();
                    while (it.hasNext()) {
                        Map<String, AttributeValue> u = it.next();
                        if (limit > 0 && count == limit) {
                            more = true;
                            break;
                        }
                        count++;
                        if (json()) {
                            arr.add(userJson(u, o));
                        } else {
                            t.row(Items.s(u, "id"), Items.s(u, "email"), Items.s(u, "name"), Items.s(u, "emailVerified"));
                        }
                    }
                }
                if (json()) {
                    printJson(arr);
                } else {
                    t.print(out());
                    out().println(count + (count == 1 ? " user" : " users") + (more ? " shown; more exist (use --limit 0 for all)" : ""));
                    out().flush();
                }
                return 0;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a user with its linked accounts, passkeys and sessions.")
    static final class Show extends StoreCommand {
        @Parameters(paramLabel = "<id or email>", description = "The user's id or email.")
        String idOrEmail;

        @Override
        public Integer call() {
            try (Store store = open()) {
                store.admin().require();
                Items items = store.items();
                TableOptions o = store.options();
                Map<String, AttributeValue> user = requireUser(items, idOrEmail);
                String id = Items.s(user, "id");
                List<Map<String, AttributeValue>> all = items.userItems(id);
                Instant now = Instant.now();
                ObjectNode n = DynamoJson.MAPPER.createObjectNode();
                n.set("user", userJson(user, o));
                ArrayNode accounts = n.putArray("accounts");
                ArrayNode passkeys = n.putArray("passkeys");
                int live = 0;
                int expired = 0;
                for (Map<String, AttributeValue> i : all) {
                    String sk = Items.s(i, o.sortKey());
                    if (sk == null) continue;
                    if (sk.startsWith("ACCOUNT#")) {
                        ObjectNode a = accounts.addObject();
                        for (String f : List.of("provider", "providerAccountId", "type", "id", "scope", "expires_at")) {
                            if (i.containsKey(f)) a.set(f, DynamoJson.plain(i.get(f)));
                        }
                    } else if (sk.startsWith("AUTHENTICATOR#")) {
                        ObjectNode a = passkeys.addObject();
                        for (String f : List.of("credentialID", "credentialDeviceType", "credentialBackedUp", "counter", "transports")) {
                            if (i.containsKey(f)) a.set(f, DynamoJson.plain(i.get(f)));
                        }
                    } else if (sk.startsWith("SESSION#")) {
                        if (Items.expires(i).map(e -> e.isAfter(now)).orElse(false)) live++;
                        else expired++;
                    }
                }
                n.put("activeSessions", live);
                n.put("expiredSessions", expired);
                if (json()) {
                    printJson(n);
                    return 0;
                }
                TextTable t = new TextTable("FIELD", "VALUE");
                n.get("user").properties().forEach(e -> t.row(e.getKey(),
                        e.getValue().isString() ? e.getValue().stringValue() : e.getValue().toString()));
                t.print(out());
                out().println();
                TextTable a = new TextTable("PROVIDER", "PROVIDER ACCOUNT ID", "TYPE");
                accounts.forEach(x -> a.row(x.path("provider").asString(null), x.path("providerAccountId").asString(null),
                        x.path("type").asString(null)));
                out().println("Linked accounts: " + accounts.size());
                if (!a.isEmpty()) a.print(out());
                out().println("Passkeys: " + passkeys.size());
                if (!passkeys.isEmpty()) {
                    TextTable p = new TextTable("CREDENTIAL ID", "DEVICE TYPE", "BACKED UP", "COUNTER");
                    passkeys.forEach(x -> p.row(x.path("credentialID").asString(null),
                            x.path("credentialDeviceType").asString(null),
                            x.path("credentialBackedUp").asString(null), x.path("counter").asString(null)));
                    p.print(out());
                }
                out().println("Sessions: " + live + " active, " + expired + " expired");
                out().flush();
                return 0;
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a user with all its sessions, linked accounts and passkeys.")
    static final class Delete extends StoreCommand {
        @Parameters(paramLabel = "<id>", description = "The user's id (an email is accepted too).")
        String idOrEmail;

        @Override
        public Integer call() {
            try (Store store = open()) {
                store.admin().require();
                Items items = store.items();
                TableOptions o = store.options();
                Map<String, AttributeValue> user = requireUser(items, idOrEmail);
                String id = Items.s(user, "id");
                List<Map<String, AttributeValue>> all = items.userItems(id);
                long sessions = all.stream().filter(i -> startsWith(i, o, "SESSION#")).count();
                long accounts = all.stream().filter(i -> startsWith(i, o, "ACCOUNT#")).count();
                long passkeys = all.stream().filter(i -> startsWith(i, o, "AUTHENTICATOR#")).count();
                // the adapter deletes the user with everything of it, its uniqueness claims included
                store.adapter().deleteUser(id);
                if (json()) {
                    ObjectNode n = DynamoJson.MAPPER.createObjectNode();
                    n.put("deleted", id).put("email", Items.s(user, "email")).put("sessions", sessions)
                            .put("accounts", accounts).put("passkeys", passkeys).put("items", all.size());
                    printJson(n);
                } else {
                    out().println("deleted user " + id + (Items.s(user, "email") != null ? " <" + Items.s(user, "email") + ">" : "")
                            + " with " + sessions + " sessions, " + accounts + " linked accounts and " + passkeys + " passkeys");
                    out().flush();
                }
                return 0;
            }
        }

        private static boolean startsWith(Map<String, AttributeValue> i, TableOptions o, String prefix) {
            String sk = Items.s(i, o.sortKey());
            return sk != null && sk.startsWith(prefix);
        }
    }
}
