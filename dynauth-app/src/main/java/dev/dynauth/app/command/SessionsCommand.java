package dev.dynauth.app.command;

import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.app.store.CliException;
import dev.dynauth.app.store.DynamoJson;
import dev.dynauth.app.store.Store;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "sessions", mixinStandardHelpOptions = true, description = "List and revoke sessions.",
        subcommands = {SessionsCommand.ListSessions.class, SessionsCommand.Revoke.class})
public final class SessionsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List a user's sessions. Tokens are shown shortened unless --show-tokens.")
    static final class ListSessions extends UserCommand {
        @Parameters(paramLabel = "<user>", description = "The user's id or email.")
        String user;

        @Option(names = "--show-tokens", description = "Show whole session tokens (they sign a person in: keep them secret).")
        boolean showTokens;

        @Option(names = "--all", description = "Include expired sessions that are still stored.")
        boolean all;

        @Override
        String userArgument() { return user; }

        @Override
        int run(DynamoDbAdapter adapter, AdapterUser u) {
            String id = u.id();
            ArrayNode arr = DynamoJson.MAPPER.createArrayNode();
            TextTable t = new TextTable("TOKEN", "EXPIRES", "STATUS");
            List<AdapterSession> sessions = all ? adapter.listAllSessions(id) : adapter.listSessions(id);
            for (AdapterSession s : sessions) {
                boolean live = adapter.isLive(s);
                String shownToken = showTokens ? s.sessionToken() : mask(s.sessionToken());
                if (json()) {
                    ObjectNode n = arr.addObject();
                    n.put("sessionToken", shownToken).put("userId", id)
                            .put("expires", s.expires().toString()).put("active", live);
                } else {
                    t.row(shownToken, s.expires(), live ? "active" : "expired");
                }
            }
            return printListing(arr, t, sessions.size() + (all ? " sessions" : " active sessions") + " of user " + id);
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
            try (Store store = openTable()) {
                DynamoDbAdapter adapter = store.adapter();
                if (target.user != null) {
                    String id = UserCommand.requireUser(adapter, target.user).id();
                    report(adapter.deleteSessions(id), id);
                    return 0;
                }
                String token = target.token;
                if ("-".equals(token)) {
                    String line = context.readLine();
                    token = line == null ? "" : line.trim();
                }
                if (token.isEmpty()) {
                    throw new CliException("the session token is empty", 2);
                }
                if (token.contains("…") || token.contains("...")) {
                    // what 'sessions list' shows is enough to recognise a token, not to use it
                    throw new CliException("'" + token + "' is a shortened token as 'sessions list' shows it; revoke "
                            + "needs the whole token: see it with 'dynauth sessions list <user> --show-tokens', or revoke "
                            + "all of a user's sessions with --user", 2);
                }
                // expired sessions that are still stored can be revoked too
                AdapterSession s = adapter.findSession(token)
                        .orElseThrow(() -> new CliException("no session with that token (give the whole token, as "
                                + "'dynauth sessions list <user> --show-tokens' shows it)"));
                adapter.deleteSession(token);
                report(1, s.userId());
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
