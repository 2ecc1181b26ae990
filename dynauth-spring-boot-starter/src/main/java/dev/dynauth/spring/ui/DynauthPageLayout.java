package dev.dynauth.spring.ui;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The HTML document around the pages the starter renders itself: the sign-in page
 * ({@code /api/auth/signin}), the check-your-email page ({@code /api/auth/verify-request}), the error
 * page ({@code /api/auth/error}, also shown when an endpoint fails), the sign-out page
 * ({@code /api/auth/signout}) and, with passkeys enabled, the passkeys page ({@code /webauthn/register}). Declare a bean of this type to put
 * those pages in the application's own layout (stylesheet, header, footer) without re-implementing them;
 * the starter's default is a bare, unstyled document ({@link #standard()}).
 *
 * <p>The starter still sets the status, {@code Content-Type: text/html;charset=UTF-8},
 * {@code Cache-Control: no-store} and the length; the layout only returns the document. It runs inside
 * the security filter chain, so the request carries the CSRF token attribute and the security context is
 * the signed-in user's (or empty).
 *
 * <pre>{@code
 * @Bean
 * DynauthPageLayout pageLayout() {
 *     return (request, page, title, bodyHtml) -> "<!DOCTYPE html><html><head><title>" + Html.esc(title)
 *             + "</title><link rel=\"stylesheet\" href=\"/site.css\"></head><body><h1>" + Html.esc(title)
 *             + "</h1>" + bodyHtml + "</body></html>";
 * }
 * }</pre>
 */
@FunctionalInterface
public interface DynauthPageLayout {

    /** Which of the starter's pages is being rendered. */
    enum Page {
        /** {@code /api/auth/signin}: provider links, the email form, the passkey button. */
        SIGN_IN,
        /** {@code /api/auth/verify-request}: a sign-in link has been sent. */
        VERIFY_REQUEST,
        /** {@code /api/auth/error?error=}, and the {@code Configuration} error page of a failing endpoint. */
        ERROR,
        /** {@code /api/auth/signout}: the sign-out confirmation, and "You are signed out" once signed out. */
        SIGN_OUT,
        /** {@code /webauthn/register} (passkeys enabled): the user's passkeys, with a form to add one. */
        PASSKEYS
    }

    /**
     * The whole HTML document of a page.
     *
     * @param request  the request being answered
     * @param page     which page it is
     * @param title    the page's title and main heading, plain text: escape it ({@link Html#esc}) where it goes
     * @param bodyHtml the page's content below the heading: HTML whose text is already escaped, to insert
     *                 as is (escaping it again would show entities and markup as text)
     * @return the document, from {@code <!DOCTYPE html>} on
     */
    String render(HttpServletRequest request, Page page, String title, String bodyHtml);

    /** The starter's default: a bare document with the title as its heading and the body in a narrow column. */
    static DynauthPageLayout standard() {
        return (request, page, title, bodyHtml) -> Html.document(title, bodyHtml);
    }
}
