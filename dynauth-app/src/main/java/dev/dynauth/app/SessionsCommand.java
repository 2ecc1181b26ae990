package dev.dynauth.app;

import dev.dynauth.TableOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "sessions", mixinStandardHelpOptions = true, description = "List and revoke sessions.",
        subcommands = {SessionsCommand.ListSessions.class, SessionsCommand.Revoke.class})
final class SessionsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List a user's sessions. Tokens are shown shortened unless --show-tokens.")
    static final class ListSessions extends StoreCommand {
        @Parameters(paramLabel = "<user>", description = "The user's id or email.")
        String user;

        @Option(names = "--show-tokens", description = "Show whole session tokens (they sign a person in: keep them secret).")
        boolean showTokens;

        @Option(names = "--all", description = "Include expired sessions that are still stored.")
        boolean all;

        @Override
        public Integer call() {
            try (Store store = open()) {
                store.admin().require();
                Items items = store.items();
                TableOptions o = store.options();
                Map<String, AttributeValue> u = UsersCommand.requireUser(items, user);
                String id = Items.s(u, "id");
                Instant now = Instant.now();
                ArrayNode arr = DynamoJson.MAPPER.createArrayNode();
                TextTable t = new TextTable("TOKEN", "EXPIRES", "STATUS");
                int shown = 0;
                for (Map<String, AttributeValue> s : items.sessionsOf(id)) {
                    String token = Items.s(s, "sessionToken");
                    if (token == null) {
                        String sk = Items.s(s, o.sortKey());
                        token = sk == null ? null : sk.substring("SESSION#".length());
                    }
                    Optional<Instant> exp = Items.expires(s);
                    boolean live = exp.map(e -> e.isAfter(now)).orElse(false);
                    if (!live && !all) continue;
                    shown++;
                    String shownToken = showTokens ? token : mask(token);
                    if (json()) {
                        ObjectNode n = arr.addObject();
                        n.put("sessionToken", shownToken).put("userId", id)
                                .put("expires", exp.map(Instant::toString).orElse(null)).put("active", live);
                    } else {
                        t.row(shownToken, exp.map(Instant::toString).orElse("-"), live ? "active" : "expired");
                    }
                }
                if (json()) {
                    printJson(arr);
                } else {
                    t.print(out());
                    out().println(shown + (all ? " sessions" : " active sessions") + " of user " + id);
                    out().flush();
                }
                return 0;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke one session by its token ('-' reads it from standard input), or all of a user's with --user.")
    static final class Revoke extends StoreCommand {
        static final class Target {
            @Parameters(paramLabel = "<token>", description = "The session token, or '-' to read it from standard input.")
            String token;

            @Option(names = "--user", paramLabel = "<id or email>", description = "Revoke every session of this user.")
            String user;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Override
        public Integer call() throws IOException {
            try (Store store = open()) {
                store.admin().require();
                Items items = store.items();
                if (target.user != null) {
                    Map<String, AttributeValue> u = UsersCommand.requireUser(items, target.user);
                    String id = Items.s(u, "id");
                    report(store.adapter().deleteSessions(id), id);
                    return 0;
                }
                String token = target.token;
                if ("-".equals(token)) {
                    BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                    String line = r.readLine();
                    token = line == null ? "" : line.trim();
                }
                if (token.isEmpty()) {
                    throw new CliException("the session token is empty", 2);
                }
                Optional<Map<String, AttributeValue>> s = items.sessionByToken(token);
                if (s.isEmpty()) {
                    throw new CliException("no session with that token");
                }
                items.deleteAll(List.of(s.get()));
                report(1, Items.s(s.get(), "userId"));
                return 0;
            }
        }

        private void report(int count, String userId) {
            if (json()) {
                ObjectNode n = DynamoJson.MAPPER.createObjectNode();
                n.put("revoked", count).put("userId", userId);
                printJson(n);
            } else {
                out().println("revoked " + count + (count == 1 ? " session" : " sessions") + " of user " + userId);
                out().flush();
            }
        }
    }
}
