package dev.dynauth.spring.passkey;

import dev.dynauth.spring.web.DynamoDbFaults;
import dev.dynauth.spring.ui.AuthErrors;
import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.session.DynauthAuthentication;
import dev.dynauth.spring.ui.DynauthPageLayout;
import dev.dynauth.spring.session.DynauthSecurityContextRepository;
import dev.dynauth.spring.session.DynauthSessions;
import dev.dynauth.spring.ui.Html;
import dev.dynauth.spring.magiclink.MagicLinkService;
import dev.dynauth.spring.ui.SignInPages;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The passkeys page, in the application's {@link DynauthPageLayout} instead of Spring Security's stock
 * registration page: {@code GET /webauthn/register} lists the signed-in user's passkeys (the name they gave,
 * when each was added and last used, in words) with a remove button each, and a form to add one (run by
 * {@code /api/auth/passkey.js}, since creating a passkey needs JavaScript); {@code POST /webauthn/register/remove}
 * ({@code credentialId}, {@code _csrf}) removes one of the user's own passkeys. Spring Security's JSON
 * endpoints ({@code /webauthn/register/options}, {@code /webauthn/register}) do the ceremony itself.
 * After a passkey is added or removed the page offers to sign out every other device
 * ({@code POST /webauthn/register/signout-others}): a change of sign-in methods is when a stolen session
 * should end (OWASP ASVS 7.4.3).
 */
class DynauthPasskeysPage extends OncePerRequestFilter {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DynauthPasskeysPage.class);

    public static final String PAGE = "/webauthn/register";
    public static final String REMOVE = PAGE + "/remove";
    public static final String SIGN_OUT_OTHERS = PAGE + "/signout-others";

    public static final int MAX_LABEL = 64;
    /** Plain {@code jwt} without revocation: said instead of offering what it cannot do. */
    public static final String CANNOT_END_OTHERS = "Other devices where you signed in stay signed in until their sessions expire: "
            + "this site cannot sign them out early. Sign out on each of them.";

    private final UserCredentialRepository credentials;
    private final DynauthSecurityContextRepository contexts;
    private final Clock clock;
    private final DynauthPageLayout layout;
    private final String signInPage;
    /** Ends the other devices' sessions (null: not offered). */
    private final DynauthSessions sessions;

    public DynauthPasskeysPage(UserCredentialRepository credentials, DynauthSecurityContextRepository contexts, Clock clock,
                               DynauthPageLayout layout, String signInPage, DynauthSessions sessions) {
        this.credentials = credentials;
        this.contexts = contexts;
        this.clock = clock;
        this.layout = layout == null ? DynauthPageLayout.standard() : layout;
        this.signInPage = signInPage == null ? AuthPaths.SIGNIN : signInPage;
        this.sessions = sessions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean page = PAGE.equals(path) && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()));
        boolean remove = REMOVE.equals(path) && "POST".equals(request.getMethod());
        boolean others = SIGN_OUT_OTHERS.equals(path) && "POST".equals(request.getMethod());
        if ((PAGE.equals(path) || (PAGE + "/options").equals(path)) && "POST".equals(request.getMethod())) {
            if (contexts.resolve(request) == null) {
                // Spring Security would make up a user for an anonymous ceremony: a passkey needs a signed-in user
                Html.page(request, response, layout, DynauthPageLayout.Page.ERROR, 401, "Signed out",
                        "<p>Sign in again to add a passkey.</p>");
            } else if (PAGE.equals(path)) {
                register(request, response, chain);
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        if (!page && !remove && !others) {
            chain.doFilter(request, response);
            return;
        }
        DynauthAuthentication auth = contexts.resolve(request);
        if (auth == null) {
            String signIn = signInPage.startsWith("/") ? request.getContextPath() + signInPage : signInPage;
            response.sendRedirect(remove || others ? signIn + (signIn.contains("?") ? "&" : "?") + "error=" + AuthErrors.SESSION_REQUIRED
                    : signIn + (signIn.contains("?") ? "&" : "?") + "callbackUrl="
                            + MagicLinkService.enc(request.getContextPath() + PAGE));
            return;
        }
        if (remove) {
            remove(request, response, auth);
        } else if (others) {
            boolean all = sessions != null && sessions.signOutOtherDevices(auth, request, response);
            response.sendRedirect(request.getContextPath() + PAGE + (all ? "?done=others" : "?done=others-kept"));
        } else {
            render(request, response, auth, 200, notice(request) + offerToSignOutOthers(request, auth));
        }
    }

    /**
     * Spring Security's registration endpoint, whose refusals (another origin or relying party, a foreign or spent
     * challenge, no user presence, a credential id already registered) are exceptions it does not catch: they become
     * this page with a plain message and a 400, and one log line without the exception's text (it quotes input).
     */
    private void register(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException e) {
            DynauthAuthentication auth = contexts.resolve(request);
            if (DynamoDbFaults.unavailable(e) || response.isCommitted()) {
                throw e;
            }
            LOG.info("dynauth: a passkey registration was refused ({})", e.getClass().getSimpleName());
            response.reset();
            render(request, response, auth, 400, "<p role=\"alert\">No passkey was added: this site could not verify "
                    + "what your device sent, or the passkey is already registered. Reload the page and try again.</p>");
        }
    }

    private void remove(HttpServletRequest request, HttpServletResponse response, DynauthAuthentication auth)
            throws IOException {
        String id = request.getParameter("credentialId");
        CredentialRecord record = null;
        if (id != null && !id.isEmpty() && id.length() <= 1024) {
            try {
                record = credentials.findByCredentialId(Bytes.fromBase64(id));
            } catch (IllegalArgumentException notBase64) {
                record = null;
            }
        }
        // only the user's own passkey: the id in the form is the browser's to change
        if (record == null || !DynauthUserEntityRepository.idOf(auth.user().id()).equals(record.getUserEntityUserId())) {
            render(request, response, auth, 404, "<p role=\"alert\">There is no such passkey: it may have been removed "
                    + "already.</p>");
            return;
        }
        credentials.delete(record.getCredentialId());
        response.sendRedirect(request.getContextPath() + PAGE + "?done=removed");
    }

    private static String notice(HttpServletRequest request) {
        String done = request.getParameter("done");
        if ("added".equals(done)) {
            return "<p class=\"notice\" role=\"status\">Your passkey was added. Next time, sign in with it.</p>";
        }
        if ("removed".equals(done)) {
            return "<p class=\"notice\" role=\"status\">The passkey was removed. It no longer signs you in here; "
                    + "your device may still list it until you delete it there too.</p>";
        }
        if ("others".equals(done)) {
            return "<p class=\"notice\" role=\"status\">Every other device was signed out.</p>";
        }
        if ("others-kept".equals(done)) {
            return "<p class=\"notice\" role=\"status\">" + CANNOT_END_OTHERS + "</p>";
        }
        return "";
    }

    /** After a passkey was added or removed: a button that ends every other session of the user. */
    private String offerToSignOutOthers(HttpServletRequest request, DynauthAuthentication auth) {
        String done = request.getParameter("done");
        if (!("added".equals(done) || "removed".equals(done)) || sessions == null) {
            return "";
        }
        if (!sessions.endsOtherDevices()) {
            return "<p class=\"notice\">" + CANNOT_END_OTHERS + "</p>";
        }
        StringBuilder b = new StringBuilder("<form method=\"post\" class=\"notice\" action=\"")
                .append(Html.esc(request.getContextPath() + SIGN_OUT_OTHERS)).append("\">");
        SignInPages.hiddenCsrf(b, (CsrfToken) request.getAttribute(CsrfToken.class.getName()));
        return b.append("<p>If a device or passkey may be in someone else's hands, sign out everywhere else.</p>")
                .append("<button id=\"dynauth-signout-others\">Sign out all other devices</button></form>").toString();
    }

    private void render(HttpServletRequest request, HttpServletResponse response, DynauthAuthentication auth, int status,
                        String notice) throws IOException {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        List<CredentialRecord> mine = credentials.findByUserId(DynauthUserEntityRepository.idOf(auth.user().id())).stream()
                .sorted(Comparator.comparing(CredentialRecord::getCreated, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
        StringBuilder b = new StringBuilder(notice);
        b.append("<p>A passkey signs you in with your fingerprint, face or screen lock instead of an email link. "
                + "It stays on your device (or in your password manager), so there is nothing to type or remember.</p>");
        b.append("<h2>Your passkeys</h2>");
        if (mine.isEmpty()) {
            b.append("<p id=\"dynauth-no-passkeys\">You have no passkeys yet.</p>");
        } else {
            b.append("<p>").append(Html.plural(mine.size(), "passkey", "passkeys")).append("</p><ul class=\"dynauth-passkeys\">");
            for (CredentialRecord r : mine) {
                b.append("<li><span class=\"dynauth-passkey-name\">").append(Html.esc(r.getLabel()))
                        .append("</span><br><small>").append(r.isBackupEligible() ? "Synced to your other devices" : "On one device")
                        .append(" · added ").append(r.getCreated() == null ? "(date not recorded)" : Html.ago(r.getCreated(), clock.instant()))
                        .append(" · ").append(r.getLastUsed() == null ? "not used to sign in yet"
                                : "last used " + Html.ago(r.getLastUsed(), clock.instant()))
                        .append("</small><form method=\"post\" action=\"").append(Html.esc(request.getContextPath() + REMOVE))
                        .append("\">");
                SignInPages.hiddenCsrf(b, csrf);
                b.append("<input type=\"hidden\" name=\"credentialId\" value=\"").append(Html.esc(r.getCredentialId().toBase64UrlString()))
                        .append("\"><button class=\"dynauth-remove\" aria-label=\"Remove the passkey ").append(Html.esc(r.getLabel()))
                        .append("\">Remove</button></form></li>");
            }
            b.append("</ul>");
        }
        b.append("<h2>Add a passkey</h2><form id=\"dynauth-passkey-register\" hidden data-context-path=\"")
                .append(Html.esc(request.getContextPath())).append('"');
        SignInPages.csrfData(b, csrf);
        b.append("><label>Name it, so you can tell it apart <input id=\"label\" name=\"label\" required maxlength=\"")
                .append(MAX_LABEL).append("\" autocomplete=\"off\" placeholder=\"e.g. Work laptop\"></label>")
                .append("<button type=\"submit\" id=\"register\">Add a passkey</button></form>")
                .append("<p id=\"dynauth-passkey-register-status\" role=\"status\"></p>")
                .append("<noscript><p>Adding a passkey needs JavaScript.</p></noscript>")
                .append(SignInPages.script(request));
        Html.page(request, response, layout, DynauthPageLayout.Page.PASSKEYS, status, "Passkeys", b.toString());
    }
}
