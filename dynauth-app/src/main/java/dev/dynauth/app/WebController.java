package dev.dynauth.app;

import static dev.dynauth.spring.Html.esc;

import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterAuthenticator;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbAdapter;
import dev.dynauth.UserUpdate;
import dev.dynauth.spring.DynauthAuthentication;
import dev.dynauth.spring.DynauthSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Server-rendered pages of {@code dynauth serve}: home, health, development mailbox, account. */
@RestController
class WebController {
    private final Store store;
    private final DynamoDbAdapter adapter;
    private final DevMailbox mailbox;
    private final ServerApp.Settings settings;
    private final DynauthSessions sessions;
    private final org.springframework.beans.factory.ObjectProvider<
            org.springframework.security.oauth2.client.registration.ClientRegistrationRepository> registrations;

    WebController(Store store, DevMailbox mailbox, ServerApp.Settings settings, DynauthSessions sessions,
                  org.springframework.beans.factory.ObjectProvider<
                          org.springframework.security.oauth2.client.registration.ClientRegistrationRepository> registrations) {
        this.registrations = registrations;
        this.store = store;
        this.adapter = store.adapter();
        this.mailbox = mailbox;
        this.settings = settings;
        this.sessions = sessions;
    }

    /** JSON whatever the Accept header says: load balancers and people alike. */
    @GetMapping("/health")
    ResponseEntity<String> health() {
        var n = DynamoJson.MAPPER.createObjectNode();
        n.put("table", store.options().tableName());
        HttpStatus status;
        try {
            store.client().describeTable(r -> r.tableName(store.options().tableName()));
            n.put("status", "UP");
            status = HttpStatus.OK;
        } catch (RuntimeException e) {
            n.put("status", "DOWN").put("error", Main.message(e));
            status = HttpStatus.SERVICE_UNAVAILABLE;
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store")
                .body(DynamoJson.MAPPER.writeValueAsString(n));
    }

    /** The sign-in hub: email link, passkey, and one button per configured OAuth provider. */
    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> home(HttpServletRequest request) {
        if (current() != null) {
            return redirect("/account");
        }
        StringBuilder b = new StringBuilder("<p>Sign in to see your account.</p>");
        b.append("<form method=post action=\"/api/auth/signin/email\">").append(csrf(request))
                .append("<input type=hidden name=callbackUrl value=\"/account\">")
                .append("<label>Email <input type=email name=email required autocomplete=\"email webauthn\"></label> ")
                .append("<button id=email-signin>Email me a sign-in link</button></form>");
        for (String[] p : providers()) {
            b.append("<p><a class=button href=\"/api/auth/signin/").append(esc(p[0])).append("\">Sign in with ")
                    .append(esc(p[1])).append("</a></p>");
        }
        CsrfToken t = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        if (t != null) {
            b.append("<p><button id=passkey-signin type=button>Sign in with a passkey</button></p>")
                    .append("<script src=\"/login/webauthn.js\"></script><script>document.addEventListener(")
                    .append("\"DOMContentLoaded\",()=>setupLogin({\"").append(esc(t.getHeaderName())).append("\":\"")
                    .append(esc(t.getToken())).append("\"},\"\",document.getElementById(\"passkey-signin\")));</script>");
        }
        if (settings.devMailbox()) {
            b.append("<p class=muted>Development: sign-in links arrive in the ")
                    .append("<a href=\"/dev/mailbox\">development mailbox</a> (no SMTP server is configured).</p>");
        }
        return page(HttpStatus.OK, "Sign in", b.toString());
    }

    /** Registration id and name of each OAuth provider configured. */
    private List<String[]> providers() {
        var repo = registrations.getIfAvailable();
        if (!(repo instanceof Iterable<?> it)) return List.of();
        List<String[]> out = new java.util.ArrayList<>();
        for (Object o : it) {
            var r = (org.springframework.security.oauth2.client.registration.ClientRegistration) o;
            out.add(new String[] {r.getRegistrationId(), r.getClientName()});
        }
        return out;
    }

    @GetMapping(value = "/dev/mailbox", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> devMailbox() {
        if (!settings.devMailbox()) {
            return page(HttpStatus.NOT_FOUND, "Not found", "<p>Mail is sent by SMTP: there is no development mailbox.</p>");
        }
        List<DevMailbox.Mail> mails = mailbox.recent(50);
        StringBuilder b = new StringBuilder("<p class=muted>Magic links, newest first (no SMTP server is configured). "
                + "Each works once.</p>");
        if (mails.isEmpty()) {
            b.append("<p>No mail yet. <a href=\"/api/auth/signin\">Sign in</a> with an email address, then reload.</p>");
        } else {
            b.append("<table><tr><th>To</th><th>Sent</th><th></th></tr>");
            for (DevMailbox.Mail m : mails) {
                b.append("<tr><td>").append(esc(m.to())).append("</td><td>").append(esc(m.sent().toString()))
                        .append("</td><td><a class=mail-link href=\"").append(esc(m.url())).append("\">Sign in as ")
                        .append(esc(m.to())).append("</a></td></tr>");
            }
            b.append("</table>");
        }
        return page(HttpStatus.OK, "Development mailbox", b.toString());
    }

    @GetMapping(value = "/account", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> account(HttpServletRequest request, @RequestParam(required = false) String done) {
        DynauthAuthentication auth = current();
        if (auth == null) {
            return redirect("/api/auth/signin?callbackUrl=%2Faccount");
        }
        AdapterUser user = adapter.getUser(auth.user().id()).orElse(auth.user());
        String csrf = csrf(request);
        StringBuilder b = new StringBuilder();
        if (done != null) {
            b.append("<p class=notice>").append(esc(switch (done) {
                case "name" -> "Your name was saved.";
                case "unlinked" -> "The account was unlinked.";
                case "passkey" -> "The passkey was removed.";
                case "session" -> "That device was signed out.";
                default -> "Done.";
            })).append("</p>");
        }
        b.append("<section><h2>Profile</h2><p>Email: <b id=email>").append(esc(user.email())).append("</b></p>")
                .append("<form method=post action=\"/account/name\">").append(csrf)
                .append("<label>Name <input name=name maxlength=200 value=\"").append(esc(user.name()))
                .append("\"></label> <button>Save</button></form></section>");

        List<AdapterAccount> accounts = linkedAccounts(user.id());
        b.append("<section><h2>Linked accounts</h2>");
        if (accounts.isEmpty()) {
            b.append("<p class=muted>None. You sign in with email links");
            b.append(" or passkeys.</p>");
        } else {
            b.append("<table>");
            for (AdapterAccount a : accounts) {
                b.append("<tr><td>").append(esc(a.provider())).append("</td><td>").append(esc(a.providerAccountId()))
                        .append("</td><td><form method=post action=\"/account/unlink\">").append(csrf)
                        .append("<input type=hidden name=provider value=\"").append(esc(a.provider())).append("\">")
                        .append("<input type=hidden name=providerAccountId value=\"").append(esc(a.providerAccountId()))
                        .append("\"><button>Unlink</button></form></td></tr>");
            }
            b.append("</table>");
        }
        b.append("</section>");

        List<AdapterAuthenticator> passkeys = adapter.listAuthenticatorsByUserId(user.id());
        b.append("<section><h2>Passkeys</h2>");
        if (passkeys.isEmpty()) {
            b.append("<p class=muted>No passkeys yet.</p>");
        } else {
            b.append("<table>");
            for (AdapterAuthenticator p : passkeys) {
                b.append("<tr><td><code>").append(esc(shorten(p.credentialID()))).append("</code></td><td>")
                        .append(esc(p.credentialDeviceType())).append("</td><td><form method=post action=\"/account/passkeys/remove\">")
                        .append(csrf).append("<input type=hidden name=credentialId value=\"").append(esc(p.credentialID()))
                        .append("\"><button>Remove</button></form></td></tr>");
            }
            b.append("</table>");
        }
        b.append("<p><a href=\"/webauthn/register\">Add a passkey</a> (needs JavaScript)</p></section>");

        String mine = auth.session().sessionToken();
        List<AdapterSession> live = adapter.listSessions(user.id());
        b.append("<section><h2>Active sessions</h2><table><tr><th>Device</th><th>Expires</th><th></th></tr>");
        for (AdapterSession s : live) {
            boolean thisOne = s.sessionToken().equals(mine);
            b.append("<tr><td>").append(thisOne ? "<b>this device</b>" : "another device").append("</td><td>")
                    .append(esc(s.expires().toString())).append("</td><td>");
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
        b.append("</table><form method=post action=\"/account/sessions/revoke-all\">").append(csrf)
                .append("<button id=signout-everywhere>Sign out everywhere</button></form></section>");

        b.append("<section><h2>Delete account</h2><form method=post action=\"/account/delete\">").append(csrf)
                .append("<label><input type=checkbox name=confirm value=yes required> Delete my account, its sessions, "
                        + "linked accounts and passkeys</label> <button class=danger>Delete account</button></form></section>");
        return page(HttpStatus.OK, "Your account", b.toString());
    }

    @PostMapping("/account/name")
    ResponseEntity<String> name(@RequestParam String name) {
        DynauthAuthentication auth = current();
        if (auth == null) return redirect("/api/auth/signin");
        String n = name.strip();
        if (n.length() > 200) {
            return page(HttpStatus.BAD_REQUEST, "Name too long", "<p>A name has at most 200 characters. "
                    + "<a href=\"/account\">Back</a></p>");
        }
        adapter.updateUser(UserUpdate.of(auth.user().id()).name(n.isEmpty() ? null : n).build());
        return redirect("/account?done=name");
    }

    @PostMapping("/account/unlink")
    ResponseEntity<String> unlink(@RequestParam String provider, @RequestParam String providerAccountId) {
        DynauthAuthentication auth = current();
        if (auth == null) return redirect("/api/auth/signin");
        var account = adapter.getAccount(providerAccountId, provider);
        if (account.isEmpty() || !account.get().userId().equals(auth.user().id())) {
            return page(HttpStatus.NOT_FOUND, "Not found", "<p>No such linked account. <a href=\"/account\">Back</a></p>");
        }
        adapter.unlinkAccount(provider, providerAccountId);
        return redirect("/account?done=unlinked");
    }

    @PostMapping("/account/passkeys/remove")
    ResponseEntity<String> removePasskey(@RequestParam String credentialId) {
        DynauthAuthentication auth = current();
        if (auth == null) return redirect("/api/auth/signin");
        var authenticator = adapter.getAuthenticator(credentialId);
        if (authenticator.isEmpty() || !authenticator.get().userId().equals(auth.user().id())) {
            return page(HttpStatus.NOT_FOUND, "Not found", "<p>No such passkey. <a href=\"/account\">Back</a></p>");
        }
        adapter.deleteAuthenticator(credentialId);
        adapter.unlinkAccount("webauthn", authenticator.get().providerAccountId());
        return redirect("/account?done=passkey");
    }

    @PostMapping("/account/sessions/revoke")
    ResponseEntity<String> revoke(@RequestParam("session") String sessionFingerprint,
                                  HttpServletRequest request, HttpServletResponse response) {
        DynauthAuthentication auth = current();
        if (auth == null) return redirect("/api/auth/signin");
        for (AdapterSession s : adapter.listSessions(auth.user().id())) {
            if (fingerprint(s.sessionToken()).equals(sessionFingerprint)) {
                if (s.sessionToken().equals(auth.session().sessionToken())) {
                    sessions.signOut(request, response);
                    return redirect("/");
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
        if (auth == null) return redirect("/api/auth/signin");
        adapter.deleteSessions(auth.user().id());
        sessions.signOut(request, response);
        return redirect("/");
    }

    @PostMapping("/account/delete")
    ResponseEntity<String> delete(@RequestParam(required = false) String confirm,
                                  HttpServletRequest request, HttpServletResponse response) {
        DynauthAuthentication auth = current();
        if (auth == null) return redirect("/api/auth/signin");
        if (!"yes".equals(confirm)) {
            return page(HttpStatus.BAD_REQUEST, "Not deleted", "<p>Tick the box to confirm. <a href=\"/account\">Back</a></p>");
        }
        adapter.deleteUser(auth.user().id());
        sessions.signOut(request, response);
        return page(HttpStatus.OK, "Account deleted", "<p>Your account and everything of it is gone.</p>"
                + "<p><a href=\"/\">Home</a></p>");
    }

    private List<AdapterAccount> linkedAccounts(String userId) {
        return adapter.listAccounts(userId).stream().filter(a -> !"webauthn".equals(a.provider())).toList();
    }

    private static DynauthAuthentication current() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a instanceof DynauthAuthentication d ? d : null;
    }

    private static String csrf(HttpServletRequest request) {
        CsrfToken t = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return t == null ? "" : "<input type=hidden name=\"" + esc(t.getParameterName()) + "\" value=\"" + esc(t.getToken()) + "\">";
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

    static ResponseEntity<String> page(HttpStatus status, String title, String body) {
        String html = "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>" + esc(title) + " · dynauth</title>"
                + "<meta name=viewport content=\"width=device-width, initial-scale=1\"><style>"
                + "body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#222}"
                + "table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}"
                + "form{display:inline}section{margin:1.5rem 0}.muted{color:#666}.notice{background:#eef7ee;padding:.5rem}"
                + ".danger{color:#a00}a.button{padding:.4rem .8rem;border:1px solid #444;text-decoration:none}"
                + "</style></head><body><header><a href=\"/\">dynauth</a></header><h1>" + esc(title) + "</h1>" + body
                + "<footer class=muted><small>Generated " + esc(Instant.now().toString()) + "</small></footer></body></html>";
        return ResponseEntity.status(status).contentType(MediaType.valueOf("text/html;charset=UTF-8"))
                .header("Cache-Control", "no-store").body(html);
    }
}
