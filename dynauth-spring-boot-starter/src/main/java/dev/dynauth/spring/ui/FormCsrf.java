package dev.dynauth.spring.ui;

/**
 * A CSRF token as a page carries it (hidden field or {@code data-} attributes): stack-neutral, so that the servlet and
 * the reactive pages render it alike (Spring's servlet and reactive {@code CsrfToken} are two types with the same
 * three values).
 */
record FormCsrf(String parameterName, String headerName, String token) {

    /** Null when the request has no token. */
    static FormCsrf from(org.springframework.security.web.csrf.CsrfToken servlet) {
        return servlet == null ? null
                : new FormCsrf(servlet.getParameterName(), servlet.getHeaderName(), servlet.getToken());
    }

    /** Null when the exchange has no token. */
    static FormCsrf from(org.springframework.security.web.server.csrf.CsrfToken reactive) {
        return reactive == null ? null
                : new FormCsrf(reactive.getParameterName(), reactive.getHeaderName(), reactive.getToken());
    }

    @Override
    public String toString() {
        return "FormCsrf[" + parameterName + ", " + headerName + ", <redacted>]";
    }
}
