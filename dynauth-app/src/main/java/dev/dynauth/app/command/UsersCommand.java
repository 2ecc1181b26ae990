package dev.dynauth.app.command;

import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterAuthenticator;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.UserItemCounts;
import dev.dynauth.app.store.CliException;
import dev.dynauth.app.store.DynamoJson;
import dev.dynauth.app.store.Store;
import java.util.Iterator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "users", mixinStandardHelpOptions = true, description = "List, show and delete users.",
        subcommands = {UsersCommand.ListUsers.class, UsersCommand.Show.class, UsersCommand.Delete.class})
public final class UsersCommand {

    /** The user as plain JSON: its fields and custom attributes (the adapter leaves out keys and {@code type}). */
    static ObjectNode userJson(AdapterUser u) {
        ObjectNode n = DynamoJson.MAPPER.createObjectNode();
        putIfPresent(n, "id", u.id());
        putIfPresent(n, "email", u.email());
        putIfPresent(n, "name", u.name());
        // Auth.js always writes emailVerified, null until verified
        n.set("emailVerified", DynamoJson.plain(u.emailVerified()));
        putIfPresent(n, "image", u.image());
        u.attributes().forEach((k, v) -> n.set(k, DynamoJson.plain(v)));
        return n;
    }

    /** A linked account without its provider secrets (tokens, session state). */
    static ObjectNode accountJson(AdapterAccount a) {
        ObjectNode n = DynamoJson.MAPPER.createObjectNode();
        putIfPresent(n, "provider", a.provider());
        putIfPresent(n, "providerAccountId", a.providerAccountId());
        putIfPresent(n, "type", a.type());
        putIfPresent(n, "id", a.id());
        putIfPresent(n, "scope", a.scope());
        putIfPresent(n, "expires_at", a.expiresAt());
        return n;
    }

    /** A passkey without its public key. */
    static ObjectNode passkeyJson(AdapterAuthenticator p) {
        ObjectNode n = DynamoJson.MAPPER.createObjectNode();
        putIfPresent(n, "credentialID", p.credentialID());
        putIfPresent(n, "credentialDeviceType", p.credentialDeviceType());
        n.put("credentialBackedUp", p.credentialBackedUp());
        n.put("counter", p.counter());
        putIfPresent(n, "transports", p.transports());
        return n;
    }

    private static void putIfPresent(ObjectNode n, String field, Object value) {
        if (value != null) n.set(field, DynamoJson.plain(value));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users (scans the table).")
    static final class ListUsers extends StoreCommand {
        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
                description = "Show at most N users (default: ${DEFAULT-VALUE}); 0 for all.")
        int limit;

        @Override
        public Integer call() {
            if (limit < 0) throw new CliException("--limit must be 0 or more", 2);
            try (Store store = openTable()) {
                ArrayNode arr = DynamoJson.MAPPER.createArrayNode();
                TextTable t = new TextTable("ID", "EMAIL", "NAME", "EMAIL VERIFIED");
                int count = 0;
                boolean more = false;
                try (Stream<AdapterUser> users = store.adapter().scanUsers()) {
                    Iterator<AdapterUser> it = users.iterator();
                    while (it.hasNext()) {
                        AdapterUser u = it.next();
                        if (limit > 0 && count == limit) {
                            more = true;
                            break;
                        }
                        count++;
                        if (json()) {
                            arr.add(userJson(u));
                        } else {
                            t.row(u.id(), u.email(), u.name(), u.emailVerified());
                        }
                    }
                }
                return printListing(arr, t, count + (count == 1 ? " user" : " users")
                        + (more ? " shown; more exist (use --limit 0 for all)" : ""));
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a user with its linked accounts, passkeys and sessions.")
    static final class Show extends UserCommand {
        @Parameters(paramLabel = "<id or email>", description = "The user's id or email.")
        String idOrEmail;

        @Override
        String userArgument() { return idOrEmail; }

        @Override
        int run(DynamoDbAdapter adapter, AdapterUser user) {
            ObjectNode n = DynamoJson.MAPPER.createObjectNode();
            n.set("user", userJson(user));
            ArrayNode accounts = n.putArray("accounts");
            adapter.listAccounts(user.id()).forEach(a -> accounts.add(accountJson(a)));
            ArrayNode passkeys = n.putArray("passkeys");
            adapter.listAuthenticatorsByUserId(user.id()).forEach(p -> passkeys.add(passkeyJson(p)));
            UserItemCounts counts = adapter.countUserItems(user.id());
            n.put("activeSessions", counts.liveSessions());
            n.put("expiredSessions", counts.expiredSessions());
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
            out().println("Sessions: " + counts.liveSessions() + " active, " + counts.expiredSessions() + " expired");
            out().flush();
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a user with all its sessions, linked accounts and passkeys.")
    static final class Delete extends UserCommand {
        @Parameters(paramLabel = "<id>", description = "The user's id (an email is accepted too).")
        String idOrEmail;

        @Option(names = "--yes", description = "Delete without asking (needed when not run on a terminal).")
        boolean yes;

        @Override
        String userArgument() { return idOrEmail; }

        @Override
        int run(DynamoDbAdapter adapter, AdapterUser user) {
            String id = user.id();
            UserItemCounts counts = adapter.countUserItems(id);
            String what = "user " + id + (user.email() != null ? " <" + user.email() + ">" : "") + " with "
                    + counts.sessions() + " sessions, " + counts.accounts() + " linked accounts and "
                    + counts.authenticators() + " passkeys";
            if (!yes) {
                if (!interactive()) {
                    throw new CliException("users delete removes " + what + " for good: add --yes to confirm "
                            + "(there is no terminal to ask on)", 2);
                }
                err().print("Delete " + what + "? This cannot be undone. [y/N] ");
                err().flush();
                String answer;
                try {
                    answer = context.readLine();
                } catch (java.io.IOException e) {
                    answer = null;
                }
                if (answer == null || !(answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"))) {
                    throw new CliException("nothing deleted");
                }
            }
            // the adapter deletes the user with everything of it, its uniqueness claims included
            adapter.deleteUser(id);
            if (json()) {
                ObjectNode n = DynamoJson.MAPPER.createObjectNode();
                n.put("deleted", id).put("email", user.email()).put("sessions", counts.sessions())
                        .put("accounts", counts.accounts()).put("passkeys", counts.authenticators())
                        .put("items", counts.items());
                printJson(n);
            } else {
                out().println("deleted " + what);
                out().flush();
            }
            return 0;
        }
    }
}
