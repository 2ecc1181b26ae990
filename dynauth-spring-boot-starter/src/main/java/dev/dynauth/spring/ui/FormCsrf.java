package dev.dynauth.spring.ui;

/**
 * The CSRF token a page puts in its forms, whichever stack issued it (Spring's servlet and reactive {@code CsrfToken}
 * are two types with the same three values).
 */
record FormCsrf(String headerName, String parameterName, String token) {

    static FormCsrf of(org.springframework.security.web.csrf.CsrfToken servlet) {
        return servlet == null ? null : new FormCsrf(servlet.getHeaderName(), servlet.getParameterName(), servlet.getToken());
    }

    static FormCsrf of(org.springframework.security.web.server.csrf.CsrfToken reactive) {
        return reactive == null ? null
                : new FormCsrf(reactive.getHeaderName(), reactive.getParameterName(), reactive.getToken());
    }
}
