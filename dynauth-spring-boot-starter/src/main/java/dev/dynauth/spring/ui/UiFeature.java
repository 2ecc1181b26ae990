package dev.dynauth.spring.ui;

import dev.dynauth.spring.session.SessionJson;
import dev.dynauth.AdapterUser;
import dev.dynauth.spring.DynauthConfigurer;
import dev.dynauth.spring.session.DynauthAuthentication;
import dev.dynauth.spring.web.AuthPaths;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.logout.LogoutFilter;

/**
 * The Auth.js endpoints that are not Spring Security's own, one filter each with its own matcher: sign-in page,
 * magic-link request and link, check-your-email, sign-out ({@code GET}: the confirmation), error pages, the
 * session JSON, the passkey script and the start of an OAuth2 sign-in. Their HTML pages are wrapped by the
 * {@link DynauthPageLayout}.
 */
final class UiFeature implements DynauthConfigurer.Feature {

    private final EndpointOptions options;

    UiFeature(EndpointOptions options) {
        this.options = options;
    }

    /** The endpoints' filters, in the order they sit in the chain. */
    List<EndpointFilter> filters() {
        EndpointOptions o = options;
        SignInPage signIn = new SignInPage(o);
        List<EndpointFilter> filters = new ArrayList<>();
        filters.add(EndpointFilter.page(EndpointMatcher.read(AuthPaths.SIGNIN), o, signIn::serve));
        filters.add(EndpointFilter.page(EndpointMatcher.read(AuthPaths.VERIFY_REQUEST), o, this::verifyRequest));
        filters.add(EndpointFilter.page(EndpointMatcher.read(AuthPaths.SIGNOUT), o, (request, response) -> {
            SignInPages.signOut(request, response, o.layout, o.contexts.resolve(request), o.signInPage);
            return true;
        }));
        filters.add(EndpointFilter.page(EndpointMatcher.read(AuthPaths.ERROR), o, (request, response) -> {
            AuthErrors.render(request, response, request.getParameter("error"), o.signInPage, o.layout);
            return true;
        }));
        filters.add(EndpointFilter.json(EndpointMatcher.read(AuthPaths.SESSION), o, this::session));
        if (o.passkeys) {
            filters.add(EndpointFilter.page(EndpointMatcher.read(AuthPaths.PASSKEY_SCRIPT), o, UiFeature::passkeyScript));
        }
        if (o.magicLinks != null) {
            MagicLinkEndpoints links = new MagicLinkEndpoints(o, signIn);
            filters.add(EndpointFilter.page(EndpointMatcher.read(AuthPaths.CALLBACK_EMAIL), o, links::link));
            filters.add(EndpointFilter.page(EndpointMatcher.post(AuthPaths.SIGNIN_EMAIL), o, links::request));
            if (o.confirmMagicLinks) {
                filters.add(EndpointFilter.page(EndpointMatcher.post(AuthPaths.CALLBACK_EMAIL), o, links::signIn));
            }
        }
        filters.add(EndpointFilter.page(EndpointMatcher.readUnder(AuthPaths.SIGNIN, AuthPaths.SIGNIN_EMAIL), o,
                new OAuth2Start(o)::serve));
        return filters;
    }

    @Override
    public void configure(HttpSecurity http) {
        // right after the LogoutFilter: the slot before OAuth2's OAuth2AuthorizationRequestRedirectFilter, named
        // without that class, which an application without the OAuth2 client does not have
        for (EndpointFilter filter : filters()) {
            http.addFilterAfter(filter, LogoutFilter.class);
        }
    }

    private boolean verifyRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Html.page(request, response, options.layout, DynauthPageLayout.Page.VERIFY_REQUEST, 200, "Check your email",
                SignInPages.verifyRequest(request, options.magicLinks != null && options.magicLinks.linksLogged()));
        return true;
    }

    private boolean session(HttpServletRequest request, HttpServletResponse response) throws IOException {
        DynauthAuthentication auth = options.contexts.resolve(request);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        String json = SessionJson.SIGNED_OUT;
        if (auth != null) {
            AdapterUser u = auth.user();
            json = SessionJson.of(u, auth.session().expires());
        }
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        return true;
    }

    private static boolean passkeyScript(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] bytes = PasskeyScript.bytes();
        response.setStatus(200);
        response.setContentType(PasskeyScript.CONTENT_TYPE);
        response.setHeader("Cache-Control", PasskeyScript.CACHE_CONTROL);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        return true;
    }

    /**
     * {@code GET /api/auth/signin/{id}}: an unknown provider is a 404 page (Spring's resolver would throw for it);
     * a known one goes on to Spring's redirect filter once the public URL its redirect URI needs is trusted.
     */
    private record OAuth2Start(EndpointOptions options) {
        boolean serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String registrationId = EndpointMatcher.path(request).substring(AuthPaths.SIGNIN.length() + 1);
            boolean known = !registrationId.isEmpty() && registrationId.length() <= 100
                    && options.providers.find(registrationId).isPresent();
            if (!known) {
                Html.page(request, response, options.layout, DynauthPageLayout.Page.ERROR, 404, "Not found",
                        "<p>There is no such sign-in provider.</p><p><a href=\"" + Html.esc(request.getContextPath()
                                + AuthPaths.SIGNIN) + "\">Sign in</a></p>");
                return true;
            }
            MagicLinkEndpoints.publicUrl(request).origin(request); // UntrustedHostException before any redirect URI
            return false;
        }
    }
}
