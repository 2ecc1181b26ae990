package dev.dynauth.app.web;

import static dev.dynauth.spring.ui.Html.esc;

import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.UserUpdate;
import dev.dynauth.app.store.DynamoJson;
import dev.dynauth.app.store.Store;
import dev.dynauth.spring.ui.AuthErrors;
import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.session.DynauthAuthentication;
import dev.dynauth.spring.session.DynauthSessions;
import dev.dynauth.spring.ui.Html;
import dev.dynauth.spring.web.PublicUrl;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Server-rendered pages of {@code dynauth serve}: home, health, development mailbox, account. */
@RestController
class WebController {
    /** The starter's sign-out page: once signed out, it says "You are signed out". */
    private static final String SIGNED_OUT = AuthPaths.SIGNOUT;
    /** A form posted after the session ended: the sign-in page says so. */
    private static final String SESSION_ENDED = AuthPaths.SIGNIN + "?error=" + AuthErrors.SESSION_REQUIRED;
    private final Store store;
    private final DynamoDbAdapter adapter;
    private final DevMailbox mailbox;
    private final ServerApp.Settings settings;
    private final DynauthSessions sessions;
    private final Pages pages;
    private final Clock clock;

    private final PublicUrl publicUrl;

    WebController(Store store, DevMailbox mailbox, ServerApp.Settings settings, DynauthSessions sessions, Pages pages,
                  Clock clock, PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
        this.store = store;
        this.adapter = store.adapter();
        this.mailbox = mailbox;
        this.settings = settings;
        this.sessions = sessions;
        this.pages = pages;
        this.clock = clock;
    }

    /** JSON whatever the Accept header says: load balancers and people alike. */
    @GetMapping("/health")
    ResponseEntity<String> health() {
        var n = DynamoJson.MAPPER.createObjectNode();
        n.put("table", store.options().tableName());
        HttpStatus status;
        try {
            // bounded: a locked database must make /health answer DOWN, not hang the load balancer's probe
            store.client().describeTable(r -> r.tableName(store.options().tableName())
                    .overrideConfiguration(c -> c.apiCallTimeout(java.time.Duration.ofSeconds(5))));
            // and a write: a table that can be read but not written (a locked database) is down for sign-ins.
            // Deleting a key that never exists writes nothing (on AWS it costs one write unit).
            var probe = java.util.Map.of(store.options().partitionKey(),
                    software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("dynauth#health"),
                    store.options().sortKey(),
                    software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("dynauth#health"));
            store.client().deleteItem(r -> r.tableName(store.options().tableName()).key(probe)
                    .overrideConfiguration(c -> c.apiCallTimeout(java.time.Duration.ofSeconds(5))));
            n.put("status", "UP");
            status = HttpStatus.OK;
        } catch (RuntimeException e) {
            // never the SDK's text (endpoints, request ids) on a public page: the log has the class
            org.slf4j.LoggerFactory.getLogger(WebController.class).warn("health: DynamoDB check failed: {}",
                    e.getClass().getName());
            n.put("status", "DOWN").put("error", "DynamoDB unreachable or the table unusable");
            status = HttpStatus.SERVICE_UNAVAILABLE;
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store")
                .body(DynamoJson.MAPPER.writeValueAsString(n));
    }

    /**
     * The home page: the account page when signed in, else the one sign-in page, the starter's
     * ({@code /api/auth/signin}, in this server's layout), so both addresses show the same page.
     */
    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> home() {
        return redirect(current() != null ? "/account" : "/api/auth/signin");
    }

    /** The icon for clients that ask for it without reading the page's link (JSON pages, bookmarks). */
    @GetMapping("/favicon.ico")
    ResponseEntity<String> favicon() {
        return ResponseEntity.ok().contentType(MediaType.valueOf("image/svg+xml"))
                .header("Cache-Control", "public, max-age=86400").body(Pages.FAVICON_SVG);
    }

    @GetMapping(value = "/dev/mailbox", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> devMailbox(HttpServletRequest request) {
        if (!settings.devMailbox() || !publicUrl.localDevelopment(request)) {
            // only in development (no SMTP, no public URL): a public server has no page showing sign-in links
            return pages.page(request, HttpStatus.NOT_FOUND, "404 Not Found",
                    "<p>There is no such page.</p><p><a href=\"/\">Home</a></p>");
        }
        List<DevMailbox.Mail> mails = mailbox.recent(50);
        StringBuilder b = new StringBuilder("<p class=hint><b>Development mode.</b> This page exists only "
                + "while the server runs without SMTP and without a public URL, and answers localhost only.</p>"
                + "<p class=muted>No SMTP server is configured, so sign-in links land here "
                + "instead of in an inbox. Newest first; each link works once.</p>");
        if (mails.isEmpty()) {
            b.append("<p class=hint><b>No mail yet.</b> <a href=\"/\">Sign in</a> with any email address, "
                    + "then reload this page.</p>");
        } else {
            b.append("<table class=mail><thead><tr><th scope=col>To</th><th scope=col>Sent</th><th scope=col>"
                    + "<span class=muted>Link</span></th></tr></thead><tbody>");
            for (DevMailbox.Mail m : mails) {
                b.append("<tr><td class=to>").append(esc(m.to()).replace("@", "<wbr>@")).append("</td><td>").append(Html.ago(m.sent(), clock.instant()))
                        .append("</td><td class=act><a class=\"mail-link button\" href=\"").append(esc(m.url()))
                        .append("\" aria-label=\"Sign in as ").append(esc(m.to())).append("\">Sign in</a></td></tr>");
            }
            b.append("</tbody></table>");
        }
        return pages.page(request, HttpStatus.OK, "Development mailbox", b.toString());
    }

    @GetMapping(value = "/account", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> account(HttpServletRequest request, @RequestParam(required = false) String done) {
        DynauthAuthentication auth = current();
        if (auth == null) {
            return redirect("/api/auth/signin?callbackUrl=%2Faccount");
        }
        AdapterUser user = adapter.getUser(auth.user().id()).orElse(null);
        if (user == null) {
            return redirect(SESSION_ENDED); // a deleted account's JWT (plain jwt): signed out, not a page of nobody
        }
        String csrf = csrf(request);
        StringBuilder b = new StringBuilder();
        if (done != null) {
            b.append("<p class=notice role=status>").append(esc(switch (done) {
                case "name" -> "Your name was saved.";
                case "name-cleared" -> "Your name was removed: pages now show your email address instead.";
                case "unlinked" -> "The account was unlinked.";
                case "passkey" -> "The passkey was removed.";
                case "session" -> "That device was signed out.";
                case "others" -> "Every other device was signed out.";
                case "others-kept" -> "Other devices where you signed in stay signed in until their sessions expire: "
                        + "this site cannot sign them out early. Sign out on each of them.";
                default -> "Done.";
            })).append("</p>");
            if ("passkey".equals(done) && sessions.endsOtherDevices()) {
                // OWASP ASVS 7.4.3: after a change of sign-in methods, offer to end every other session
                b.append("<form method=post action=\"/account/sessions/revoke-others\" class=notice>").append(csrf(request))
                        .append("<p>If the passkey was lost or someone else may have used it, sign out everywhere else.</p>")
                        .append("<button id=signout-others>Sign out all other devices</button></form>");
            }
        }
        b.append("<section><h2>Profile</h2><p>Email: <b id=email>").append(esc(user.email())).append("</b></p>")
                .append("<form method=post action=\"/account/name\">").append(csrf)
                .append("<label for=name>Name</label><div class=row><input id=name name=name maxlength=200 ")
                .append("autocomplete=name value=\"").append(esc(user.name()))
                .append("\"><button>Save</button></div></form></section>");

        List<AdapterAccount> accounts = linkedAccounts(user.id());
        b.append("<section><h2>Linked accounts</h2>");
        if (accounts.isEmpty()) {
            b.append("<p class=muted>No linked accounts. You sign in with email links or passkeys.</p>");
        } else {
            b.append("<table><thead><tr><th scope=col>Provider</th><th scope=col>Account</th><th scope=col>"
                    + "<span class=muted>Action</span></th></tr></thead><tbody>");
            for (AdapterAccount a : accounts) {
                b.append("<tr><td>").append(esc(a.provider())).append("</td><td><code>").append(esc(a.providerAccountId()))
                        .append("</code></td><td class=act><form method=post action=\"/account/unlink\">").append(csrf)
                        .append("<input type=hidden name=provider value=\"").append(esc(a.provider())).append("\">")
                        .append("<input type=hidden name=providerAccountId value=\"").append(esc(a.providerAccountId()))
                        .append("\"><button>Unlink</button></form></td></tr>");
            }
            b.append("</tbody></table>");
        }
        b.append("</section>");

        // the list, the names and the remove buttons are on the passkeys page (the starter's, in this layout)
        int passkeys = adapter.listAuthenticatorsByUserId(user.id()).size();
        b.append("<section><h2>Passkeys</h2>");
        if (passkeys == 0) {
            b.append("<p class=muted id=passkey-count>No passkeys yet. A passkey signs you in with your fingerprint, "
                    + "face or device screen lock instead of an email link.</p>")
                    .append("<p><a class=\"button primary\" href=\"/webauthn/register\">Add a passkey</a></p>");
        } else {
            b.append("<p id=passkey-count>You have ").append(Html.plural(passkeys, "passkey", "passkeys")).append(".</p>")
                    .append("<p><a class=button href=\"/webauthn/register\">Manage passkeys</a></p>");
        }
        b.append("</section>");

        String mine = auth.session().sessionToken();
        List<AdapterSession> live = new ArrayList<>(adapter.listSessions(user.id()));
        live.sort(Comparator.comparing(s -> !s.sessionToken().equals(mine))); // this device first
        b.append("<section><h2>Active sessions</h2><p class=muted id=session-count>")
                .append(Html.plural(live.size(), "active session", "active sessions"))
                .append(": each browser or device you signed in with.</p>")
                .append("<table><thead><tr><th scope=col>Device</th><th scope=col>Signed in</th><th scope=col>")
                .append("<span class=muted>Action</span></th></tr></thead><tbody>");
        for (AdapterSession s : live) {
            boolean thisOne = s.sessionToken().equals(mine);
            String browser = esc(UserAgents.describe(s.attributes().get(DynauthSessions.USER_AGENT)));
            Object signedIn = s.attributes().get(DynauthSessions.SIGNED_IN_AT);
            b.append(thisOne ? "<tr class=current><td><b>" + browser + "</b><span class=badge>this device</span>"
                            : "<tr><td>" + browser)
                    .append("</td><td>").append(signedIn instanceof Instant at ? Html.ago(at, clock.instant())
                            : "<span class=muted>not recorded</span>")
                    .append("<br><small class=muted>until ").append(Pages.day(s.expires())).append("</small>")
                    .append("</td><td class=act>");
            if (thisOne) {
                b.append("<form method=post action=\"/api/auth/signout\">").append(csrf)
                        .append("<button id=signout>Sign out this device</button></form>");
            } else {
                b.append("<form method=post action=\"/account/sessions/revoke\">").append(csrf)
                        .append("<input type=hidden name=session value=\"").append(fingerprint(s.sessionToken()))
                        .append("\"><button class=revoke>Sign out</button></form>");
            }
            b.append("</td></tr>");
        }
        b.append("</tbody></table><form method=post action=\"/account/sessions/revoke-all\">").append(csrf)
                .append("<button id=signout-everywhere>Sign out everywhere</button> ")
                .append("<small class=muted>Signs out every device, this one too.</small></form></section>");

        b.append("<section><h2>Delete account</h2><div class=zone><p>This permanently deletes your account, its sessions, "
                        + "linked accounts and passkeys. It cannot be undone.</p>")
                .append("<form method=post action=\"/account/delete\">").append(csrf)
                .append("<label class=check><input type=checkbox name=confirm value=yes required> Delete my account, "
                        + "its sessions, linked accounts and passkeys</label> <button class=danger>Delete account</button>"
                        + "</form></div></section>");
        return pages.page(request, HttpStatus.OK, "Your account", b.toString());
    }

    @PostMapping("/account/name")
    ResponseEntity<String> name(@RequestParam String name, HttpServletRequest request) {
        DynauthAuthentication auth = current();
        if (auth == null) return redirect(SESSION_ENDED);
        String n = name.strip();
        if (n.length() > 200) {
            return pages.page(request, HttpStatus.BAD_REQUEST, "Name too long", "<p>A name has at most 200 characters.</p>"
                    + "<p><a href=\"/account\">Back to your account</a></p>");
        }
        adapter.updateUser(UserUpdate.of(auth.user().id()).name(n.isEmpty() ? null : n).build());
        return redirect(n.isEmpty() ? "/account?done=name-cleared" : "/account?done=name");
    }

    @PostMapping("/account/unlink")
    ResponseEntity<String> unlink(@RequestParam String provider, @RequestParam String providerAccountId,
                                  HttpServletRequest request) {
        DynauthAuthentication auth = current();
        if (auth == null) return redirect(SESSION_ENDED);
        var account = adapter.getAccount(providerAccountId, provider);
        if (account.isEmpty() || !account.get().userId().equals(auth.user().id())) {
            return pages.page(request, HttpStatus.NOT_FOUND, "Not found",
                    "<p>No such linked account.</p><p><a href=\"/account\">Back to your account</a></p>");
        }
        adapter.unlinkAccount(provider, providerAccountId);
        return redirect("/account?done=unlinked");
    }

    @PostMapping("/account/sessions/revoke")
    ResponseEntity<String> revoke(@RequestParam("session") String sessionFingerprint,
                                  HttpServletRequest request, HttpServletResponse response) {
        DynauthAuthentication auth = current();
        if (auth == null) return redirect(SESSION_ENDED);
        for (AdapterSession s : adapter.listSessions(auth.user().id())) {
            if (fingerprint(s.sessionToken()).equals(sessionFingerprint)) {
                if (s.sessionToken().equals(auth.session().sessionToken())) {
                    sessions.signOut(request, response);
                    return redirect(SIGNED_OUT);
                }
                adapter.deleteSession(s.sessionToken());
                return redirect("/account?done=session");
            }
        }
        return redirect("/account");
    }

    @PostMapping("/account/sessions/revoke-all")
    ResponseEntity<String> revokeAll(HttpServletRequest request, HttpServletResponse response) {
        DynauthAuthentication auth = current();
        if (auth == null) return redirect(SESSION_ENDED);
        adapter.deleteSessions(auth.user().id());
        sessions.signOut(request, response);
        return redirect(SIGNED_OUT);
    }

    /** Ends every session of the user but this device's (offered after a passkey is removed, ASVS 7.4.3). */
    @PostMapping("/account/sessions/revoke-others")
    ResponseEntity<String> revokeOthers(HttpServletRequest request, HttpServletResponse response) {
        DynauthAuthentication auth = current();
        if (auth == null) return redirect("/api/auth/signin");
        // every strategy: database sessions, and JWTs where revocation is on (this browser's is re-issued)
        boolean all = sessions.signOutOtherDevices(auth, request, response);
        return redirect(all ? "/account?done=others" : "/account?done=others-kept");
    }

    @PostMapping("/account/delete")
    ResponseEntity<String> delete(@RequestParam(required = false) String confirm,
                                  HttpServletRequest request, HttpServletResponse response) {
        DynauthAuthentication auth = current();
        if (auth == null) return redirect(SESSION_ENDED);
        if (!"yes".equals(confirm)) {
            return pages.page(request, HttpStatus.BAD_REQUEST, "Not deleted", "<p>Your account was not deleted: tick the box "
                    + "to confirm.</p><p><a href=\"/account\">Back to your account</a></p>");
        }
        adapter.deleteUser(auth.user().id());
        sessions.signOut(request, response);
        return pages.page(request, HttpStatus.OK, "Account deleted", "<p>Your account and everything of it is gone.</p>"
                + "<p><a href=\"/\">Home</a></p>");
    }

    private List<AdapterAccount> linkedAccounts(String userId) {
        return adapter.listAccounts(userId).stream().filter(a -> !"webauthn".equals(a.provider())).toList();
    }

    private static DynauthAuthentication current() {
        return Pages.current();
    }

    private static String csrf(HttpServletRequest request) {
        return Pages.csrf(request);
    }

    /** Identifies a session in a form without putting its token in the page. */
    static String fingerprint(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shorten(String s) {
        return s == null || s.length() <= 16 ? s : s.substring(0, 12) + "…";
    }

    private static ResponseEntity<String> redirect(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header("Location", location).build();
    }
}
