package dev.dynauth.spring.oauth2;

import dev.dynauth.spring.ui.AuthErrors;
import dev.dynauth.spring.session.DynauthAuthentication;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.session.DynauthSecurityContextRepository;
import dev.dynauth.spring.session.DynauthSessions;
import dev.dynauth.spring.web.RedirectPolicy;

import dev.dynauth.AccountAlreadyLinkedException;
import dev.dynauth.Adapter;
import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterUser;
import dev.dynauth.EmailAlreadyInUseException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Applies Auth.js's {@code handleLoginOrRegister} to an OAuth2/OIDC login:
 * <ol>
 *   <li>account known ({@code getUserByAccount}): signed in as someone else → {@code OAuthAccountNotLinked};
 *       else a new session for its user;</li>
 *   <li>account unknown, someone signed in: {@code linkAccount} to that user;</li>
 *   <li>else a user with the profile's email exists: {@code OAuthAccountNotLinked}, unless the provider
 *       allows dangerous email account linking, which links the account to that user;</li>
 *   <li>else {@code createUser} (emailVerified null), {@code linkAccount}, a new session.</li>
 * </ol>
 * Provider tokens are stored in the Account item under Auth.js's names.
 */
class DynauthOAuth2LoginHandler implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DynauthOAuth2LoginHandler.class);

    private final DynauthSessions sessions;
    private final DynauthSecurityContextRepository contexts;
    private final RequestCache requestCache;
    private final AccountLinking linking;

    public DynauthOAuth2LoginHandler(Adapter adapter, DynauthSessions sessions, DynauthSecurityContextRepository contexts,
                                     AccountTokens accountTokens, Map<String, DynauthProperties.Provider> providers,
                                     RequestCache requestCache) {
        this(adapter, sessions, contexts, accountTokens, providers, requestCache, java.util.List.of());
    }

    /**
     * @param mappers profile mappers, at most one per provider (and one for {@link DynauthProfileMapper#ANY_PROVIDER});
     *                providers without one use {@link DynauthProfileMapper#standard(OAuth2User)}
     */
    public DynauthOAuth2LoginHandler(Adapter adapter, DynauthSessions sessions, DynauthSecurityContextRepository contexts,
                                     AccountTokens accountTokens, Map<String, DynauthProperties.Provider> providers,
                                     RequestCache requestCache, java.util.Collection<DynauthProfileMapper> mappers) {
        this.sessions = sessions;
        this.contexts = contexts;
        this.requestCache = requestCache;
        this.linking = new AccountLinking(adapter, accountTokens, providers, mappers);
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException {
        SecurityContextHolder.clearContext();
        if (!(authentication instanceof OAuth2AuthenticationToken token)) {
            fail(request, response, AuthErrors.CONFIGURATION);
            return;
        }
        String provider = token.getAuthorizedClientRegistrationId();
        OAuth2AuthorizedClient client = (OAuth2AuthorizedClient) request.getAttribute(DynauthAuthorizedClientRepository.LOGIN_CLIENT);
        try {
            DynauthAuthentication current = contexts.resolve(request);
            // Auth.js stores the provider's session_state (OIDC session management): from the token response,
            // else from the authorization response
            AccountLinking.Outcome outcome = linking.signIn(current == null ? null : current.user().id(), token, client,
                    DynauthOAuth2.sessionState(request));
            if (outcome.error() != null) {
                fail(request, response, outcome.error());
                return;
            }
            if (outcome.signIn() != null) {
                sessions.signIn(outcome.signIn(), request, response);
            }
            redirect(request, response);
        } catch (RuntimeException e) {
            // e.g. DynamoDB unreachable: the error page, never a stack trace (nor the message, which may quote tokens)
            LOG.error("dynauth: OAuth2 sign-in with {} failed: {}", provider, e.getClass().getName());
            if (!response.isCommitted()) {
                fail(request, response, AuthErrors.CONFIGURATION);
            }
        }
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException {
        String code = exception instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException o
                && o.getError() != null ? o.getError().getErrorCode() : exception.getClass().getSimpleName();
        LOG.info("dynauth: OAuth2 sign-in failed: {}", code);
        fail(request, response, AuthErrors.OAUTH_CALLBACK_ERROR);
    }

    private void redirect(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SavedRequest saved = requestCache.getRequest(request, response);
        String target = request.getContextPath() + "/";
        String callbackUrl = CookieAuthorizationRequestRepository.consumedCallbackUrl(request);
        if (callbackUrl != null) {
            target = RedirectPolicy.safeTarget(request, callbackUrl, target);
            if (saved != null) {
                requestCache.removeRequest(request, response);
            }
        } else if (saved != null) {
            target = RedirectPolicy.safeTarget(request, saved.getRedirectUrl(), target);
            requestCache.removeRequest(request, response);
        }
        response.sendRedirect(target);
    }

    private static void fail(HttpServletRequest request, HttpServletResponse response, String code) throws IOException {
        SecurityContextHolder.clearContext();
        response.sendRedirect(AuthErrors.url(request, code));
    }
}
