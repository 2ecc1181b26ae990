package dev.dynauth.app.web;

import static dev.dynauth.spring.ui.Html.esc;

import dev.dynauth.spring.session.DynauthAuthentication;
import dev.dynauth.spring.ui.DynauthPageLayout;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * The layout of every HTML page of {@code dynauth serve}: one small inline stylesheet, a header with the
 * product name and, when signed in, the user's email and a sign-out button, then the page's heading and body.
 * As the starter's {@link DynauthPageLayout} it also lays out the starter's own sign-in, check-your-email and
 * error pages, with this server's hints added, so a newcomer walks through one site.
 */
final class Pages implements DynauthPageLayout {
    static final MediaType HTML = MediaType.valueOf("text/html;charset=UTF-8");

    /** The one stylesheet, inline: no extra request, nothing to cache-bust. */
    static final String CSS = ":root{--fg:#1f2328;--muted:#59636e;--line:#d8dee4;--soft:#f6f8fa;--accent:#0b57d0;"
            + "--danger:#b42318}"
            + "*{box-sizing:border-box}"
            + "body{margin:0;font:16px/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:var(--fg);background:#fff}"
            + ".top{background:var(--soft);border-bottom:1px solid var(--line);font-size:.95rem}"
            + ".top>div{max-width:46rem;margin:0 auto;padding:.5rem 1rem;display:flex;gap:.4rem 1rem;align-items:center;flex-wrap:wrap}"
            + ".top button{padding:.15rem .7rem}"
            + ".brand{font-weight:700;font-size:1.1rem;color:var(--fg);text-decoration:none;margin-right:auto}"
            + ".who{color:var(--muted);overflow-wrap:anywhere}"
            + "main{max-width:46rem;margin:2rem auto 4rem;padding:0 1rem}"
            + "h1{font-size:1.8rem;line-height:1.25;margin:0 0 1rem}"
            + "h2{font-size:1.2rem;margin:0 0 .6rem}"
            + "section{margin:2rem 0;padding-top:1.5rem;border-top:1px solid var(--line)}"
            + "h1+section,.notice+section{margin-top:1rem;padding-top:0;border-top:0}"
            + "p{margin:.6rem 0}a{color:var(--accent)}"
            + "form{margin:.75rem 0}td form,.top form{margin:0}"
            + "label{display:block;font-weight:600;margin:.75rem 0 .5rem}"
            + "label>input{display:block;margin-top:.3rem;font-weight:400}"
            + "label.check{display:flex;gap:.5rem;align-items:baseline;font-weight:400}"
            + "label.check>input{display:inline;margin:0}"
            + "input{font:inherit;width:100%;max-width:24rem;padding:.5rem .6rem;border:1px solid #8c959f;border-radius:6px}"
            + "input[type=checkbox]{width:auto}"
            + "button,a.button{font:inherit;display:inline-block;padding:.45rem .95rem;border:1px solid #8c959f;"
            + "border-radius:6px;background:#fff;color:var(--fg);cursor:pointer;text-decoration:none;line-height:1.4}"
            + "button:hover,a.button:hover{background:var(--soft)}"
            + ".primary,a.primary,button[type=submit]{background:var(--accent);border-color:var(--accent);color:#fff}"
            + ".primary:hover,a.primary:hover,button[type=submit]:hover{background:#0842a0}"
            + "button.danger{background:var(--danger);border-color:var(--danger);color:#fff}"
            + "button.danger:hover{background:#8f1c13}"
            + "button.link{border:0;background:none;padding:0;color:var(--accent);text-decoration:underline}"
            + "button.link:hover{background:none}"
            + ":focus-visible{outline:3px solid #7aa7ff;outline-offset:2px}"
            + ".row{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center}.row>input{flex:1 1 14rem}"
            + ".stack>*{margin:.6rem 0}"
            + "table{border-collapse:collapse;width:100%;margin:.75rem 0}"
            + "th,td{text-align:left;padding:.5rem .6rem;border-bottom:1px solid var(--line);vertical-align:middle;"
            + "overflow-wrap:anywhere}"
            + "th{font-size:.85rem;font-weight:600;color:var(--muted)}"
            + "td.act{text-align:right}@media(min-width:40rem){td.act,time{white-space:nowrap}}"
            + "tr.current td{background:#eef4ff}"
            + ".badge{display:inline-block;margin-left:.4rem;padding:0 .5rem;border-radius:999px;font-size:.75rem;"
            + "background:#d3e3fd;color:#0b3d91;vertical-align:1px}"
            + ".muted{color:var(--muted)}small{font-size:.85rem}"
            + "code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}"
            + ".notice,.hint,[role=alert],.zone{padding:.7rem .9rem;border-radius:8px;border:1px solid}"
            + ".notice{background:#e9f7ef;border-color:#a6d9b8}"
            + ".hint{background:var(--soft);border-color:var(--line)}"
            + "[role=alert]{background:#fdecea;border-color:#f3b7b0}"
            + ".zone{border-color:#f3b7b0}"
            + ".or,.dynauth-or{display:flex;align-items:center;gap:.75rem;color:var(--muted);margin:1.25rem 0;max-width:24rem}"
            + ".or::before,.or::after,.dynauth-or::before,.dynauth-or::after{content:\"\";flex:1;border-top:1px solid var(--line)}"
            // the starter's pages: provider links as buttons, the passkey list as rows that wrap on a phone
            + "a.dynauth-provider{font:inherit;display:inline-block;padding:.45rem .95rem;border:1px solid #8c959f;"
            + "border-radius:6px;color:var(--fg);text-decoration:none}a.dynauth-provider:hover{background:var(--soft)}"
            + ".dynauth-passkeys{list-style:none;padding:0;margin:.75rem 0;border-top:1px solid var(--line)}"
            + "ul+h2,p+h2{margin-top:1.75rem}"
            + ".dynauth-passkeys li{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem;padding:.6rem 0;"
            + "border-bottom:1px solid var(--line)}"
            + ".dynauth-passkey-name{font-weight:600;overflow-wrap:anywhere}"
            + ".dynauth-passkeys small{color:var(--muted);flex:1 1 16rem}"
            + ".dynauth-passkeys form{margin:0 0 0 auto}"
            + "#dynauth-passkey-status:empty,#dynauth-passkey-register-status:empty{display:none}"
            + "#dynauth-passkey-status,#dynauth-passkey-register-status{padding:.7rem .9rem;border-radius:8px;"
            + "border:1px solid var(--line);background:var(--soft)}"
            // the mailbox: an address breaks only after its @ (a <wbr> there), never inside a word
            + "table.mail td{overflow-wrap:normal}table.mail .to{overflow-wrap:break-word}"
            + "table.mail .button,table.mail time{white-space:nowrap}";

    /** A key in the brand colour: the icon of every page, inline, so no request is made for it. */
    static final String FAVICON_SVG = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'>"
            + "<rect width='32' height='32' rx='7' fill='#0b57d0'/><circle cx='12' cy='16' r='6' fill='none' "
            + "stroke='#fff' stroke-width='3'/><path d='M18 16h9m-3 0v4' stroke='#fff' stroke-width='3' fill='none'/></svg>";

    /** Where a newcomer finds the link when no SMTP server is configured. */
    static final String DEV_MAILBOX_HINT = "<p class=hint><b>Development server:</b> no SMTP server is configured, so "
            + "sign-in links are not emailed. They appear in the <a href=\"/dev/mailbox\">development mailbox</a> "
            + "and in the server console.</p>";

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final boolean devMailbox;

    Pages(ServerApp.Settings settings) {
        this.devMailbox = settings.devMailbox();
    }

    /** Whether magic links go to the development mailbox (no SMTP server configured). */
    boolean devMailbox() {
        return devMailbox;
    }

    /** The starter's pages: its title (plain text) and body (escaped HTML), then what this server adds. */
    @Override
    public String render(HttpServletRequest request, Page page, String title, String bodyHtml) {
        return html(request, esc(title), bodyHtml + hint(page));
    }

    /** What this server adds to a starter page: where the development mailbox is. */
    private String hint(Page page) {
        return switch (page) {
            // the starter's sign-in page has its own passkey button when passkeys are on
            case SIGN_IN -> devMailbox ? DEV_MAILBOX_HINT : "";
            case VERIFY_REQUEST -> (devMailbox
                    ? "<p class=hint><b>Development server:</b> no SMTP server is configured, so the link is in the "
                            + "development mailbox instead of an inbox.</p>"
                            + "<p><a class=\"button primary\" href=\"/dev/mailbox\">Open the development mailbox</a></p>"
                    : "<p>Open the email and follow the link in it to sign in. The link works once.</p>")
                    + "<p class=muted>Wrong address, or no email? <a href=\"/\">Try again</a>.</p>";
            case PASSKEYS -> "<p><a href=\"/account\">Back to your account</a></p>";
            case ERROR, SIGN_OUT -> "";
        };
    }

    /** A page titled {@code title} (plain text), its body HTML, with no caching. */
    ResponseEntity<String> page(HttpServletRequest request, HttpStatus status, String title, String body) {
        return ResponseEntity.status(status).contentType(HTML).header("Cache-Control", "no-store")
                .body(html(request, esc(title), body));
    }

    /** The whole document; {@code titleHtml} is already escaped. */
    String html(HttpServletRequest request, String titleHtml, String body) {
        StringBuilder b = new StringBuilder(body.length() + CSS.length() + 1024);
        b.append("<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>").append(titleHtml)
                .append(" · dynauth</title><meta name=viewport content=\"width=device-width, initial-scale=1\">")
                .append("<link rel=icon type=\"image/svg+xml\" href=\"data:image/svg+xml,")
                .append(FAVICON_SVG.replace("<", "%3C").replace(">", "%3E").replace("#", "%23")).append("\"><style>")
                .append(CSS).append("</style></head><body><header class=top><div><a class=brand href=\"/\">dynauth</a>");
        if (devMailbox) {
            b.append("<a href=\"/dev/mailbox\">Development mailbox</a>");
        }
        DynauthAuthentication auth = current();
        CsrfToken token = request == null ? null : (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        if (auth != null && token != null) {
            b.append("<a class=who href=\"/account\" title=\"Your account\">").append(esc(auth.user().email()))
                    .append("</a><form method=post action=\"/api/auth/signout\">").append(csrf(request))
                    .append("<button id=header-signout>Sign out</button></form>");
        }
        return b.append("</div></header><main><h1>").append(titleHtml).append("</h1>").append(body)
                .append("</main></body></html>").toString();
    }

    static DynauthAuthentication current() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a instanceof DynauthAuthentication d ? d : null;
    }

    /** The hidden CSRF field of a form, or "" when the request has no token. */
    static String csrf(HttpServletRequest request) {
        CsrfToken t = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return t == null ? "" : "<input type=hidden name=\"" + esc(t.getParameterName()) + "\" value=\"" + esc(t.getToken()) + "\">";
    }

    /** A day ("3 Jan 2027") as a {@code <time>} element, the exact instant in its attribute and tooltip. */
    static String day(Instant instant) {
        return "<time datetime=\"" + instant + "\" title=\"" + WHEN.format(instant) + "\">" + DAY.format(instant) + "</time>";
    }

}
