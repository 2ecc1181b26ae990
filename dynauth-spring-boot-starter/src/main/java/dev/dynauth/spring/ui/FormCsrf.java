package dev.dynauth.spring.ui;

import org.springframework.security.web.csrf.CsrfToken;

/**
 * A CSRF token as a page carries it (hidden field or {@code data-} attributes): stack-neutral, so that the servlet and
 * the reactive pages render it alike from their own {@code CsrfToken} types.
 */
record FormCsrf(String parameterName, String headerName, String token) {

    /** Null when the request has no token. */
    static FormCsrf from(CsrfToken csrf) {
        return csrf == null ? null : new FormCsrf(csrf.getParameterName(), csrf.getHeaderName(), csrf.getToken());
    }

    @Override
    public String toString() {
        return "FormCsrf[" + parameterName + ", " + headerName + ", <redacted>]";
    }
}
