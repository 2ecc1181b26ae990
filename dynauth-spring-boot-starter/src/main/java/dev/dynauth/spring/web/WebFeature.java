package dev.dynauth.spring.web;

import dev.dynauth.spring.DynauthConfigurer;
import dev.dynauth.spring.ui.AuthErrors;
import dev.dynauth.spring.ui.DynauthPageLayout;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;

/** The web feature's part of a filter chain: CSRF cookie, cookie request cache, sign-in entry point, guard filter. */
final class WebFeature implements DynauthConfigurer.Feature {

    private final PublicUrl publicUrl;
    private final Cookies cookies;
    private final String signInPage;
    private final DynauthPageLayout layout;

    WebFeature(PublicUrl publicUrl, Cookies cookies, String signInPage, DynauthPageLayout layout) {
        this.publicUrl = publicUrl;
        this.cookies = cookies;
        this.signInPage = signInPage;
        this.layout = layout;
    }

    @Override
    public void init(HttpSecurity http) {
        CookieCsrfTokenRepository csrfRepository = new CookieCsrfTokenRepository();
        csrfRepository.setCookiePath("/");
        csrfRepository.setCookieCustomizer(cookies.csrfCookie());
        LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(signInPage);
        // a relative Location: never an absolute URL built from the request's Host header
        signIn.setFavorRelativeUris(true);
        http.csrf(c -> c.csrfTokenRepository(csrfRepository))
                .requestCache(c -> c.requestCache(new DynauthRequestCache()))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
                    // a request with an Authorization header is an API client (a Bearer token that signs nobody in): 401
                    String accept = request.getHeader("Authorization") != null ? null : request.getHeader("Accept");
                    if (accept != null && accept.contains("text/html") && !isRead(request)) {
                        // a form posted after the session ended: the sign-in page says why nothing happened
                        response.sendRedirect(sessionRequired(request));
                    } else if (accept != null && accept.contains("text/html")) {
                        signIn.commence(request, response, ex);
                    } else {
                        response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                    }
                }));
    }

    @Override
    public void configure(HttpSecurity http) {
        http.addFilterBefore(new DynauthGuardFilter(publicUrl, cookies, layout, signInPage),
                SecurityContextHolderFilter.class);
    }

    private static boolean isRead(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    /** The sign-in page with Auth.js's {@code SessionRequired} error code. */
    private String sessionRequired(HttpServletRequest request) {
        String page = signInPage.startsWith("/") ? request.getContextPath() + signInPage : signInPage;
        return page + (page.contains("?") ? "&" : "?") + "error=" + AuthErrors.SESSION_REQUIRED;
    }
}
