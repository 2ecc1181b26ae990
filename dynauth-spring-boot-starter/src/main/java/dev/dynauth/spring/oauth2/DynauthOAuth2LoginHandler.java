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

    private final Adapter adapter;
    private final DynauthSessions sessions;
    private final DynauthSecurityContextRepository contexts;
    private final AccountTokens accountTokens;
    private final Map<String, DynauthProperties.Provider> providers;
    private final RequestCache requestCache;
    private final Map<String, DynauthProfileMapper> mappers;

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
        this.adapter = adapter;
        this.sessions = sessions;
        this.contexts = contexts;
        this.accountTokens = accountTokens;
        this.providers = providers;
        this.requestCache = requestCache;
        Map<String, DynauthProfileMapper> byProvider = new java.util.HashMap<>();
        for (DynauthProfileMapper m : mappers) {
            String id = java.util.Objects.requireNonNull(m.provider(), "DynauthProfileMapper.provider()");
            if (byProvider.putIfAbsent(id, m) != null) {
                throw new IllegalStateException("two DynauthProfileMapper beans for provider '" + id
                        + "': define one per provider");
            }
        }
        this.mappers = Map.copyOf(byProvider);
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
        OAuth2User profile = token.getPrincipal();
        String providerAccountId = token.getName();
        OAuth2AuthorizedClient client = (OAuth2AuthorizedClient) request.getAttribute(DynauthAuthorizedClientRepository.LOGIN_CLIENT);
        // Auth.js stores the provider's session_state (OIDC session management): from the token response,
        // else from the authorization response
        String sessionState = DynauthOAuth2.sessionState(request);
        String idToken = profile instanceof OidcUser oidc && oidc.getIdToken() != null ? oidc.getIdToken().getTokenValue() : null;
        AdapterAccount.Builder account = AdapterAccount.builder().provider(provider)
                .providerAccountId(providerAccountId).type(profile instanceof OidcUser ? "oidc" : "oauth");
        if (client != null) {
            AccountTokens.Tokens t = AccountOAuth2AuthorizedClientService.tokens(providerAccountId, client, idToken);
            account.accessToken(t.accessToken()).refreshToken(t.refreshToken()).tokenType(t.tokenType())
                    .scope(t.scope()).expiresAt(t.expiresAt()).idToken(idToken);
        }
        account.sessionState(sessionState);

        try {
            DynauthAuthentication current = contexts.resolve(request);
            AdapterUser mapped = map(provider, profile);
            String email = dev.dynauth.Identifiers.canonicalEmail(mapped.email());
            Optional<AdapterUser> byAccount = adapter.getUserByAccount(provider, providerAccountId);
            if (byAccount.isPresent()) {
                if (current != null && !current.user().id().equals(byAccount.get().id())) {
                    fail(request, response, AuthErrors.OAUTH_ACCOUNT_NOT_LINKED);
                    return;
                }
                if (client != null) {
                    accountTokens.update(byAccount.get().id(), provider,
                            AccountOAuth2AuthorizedClientService.tokens(providerAccountId, client, idToken), sessionState);
                }
                if (current == null) {
                    sessions.signIn(byAccount.get(), request, response);
                }
                redirect(request, response);
                return;
            }
            if (current != null) {
                adapter.linkAccount(account.userId(current.user().id()).build());
                redirect(request, response);
                return;
            }
            Optional<AdapterUser> byEmail = email == null || email.isEmpty() ? Optional.empty() : adapter.getUserByEmail(email);
            AdapterUser user;
            if (byEmail.isPresent()) {
                DynauthProperties.Provider options = providers.get(provider);
                if (options == null || !options.isAllowDangerousEmailAccountLinking()) {
                    fail(request, response, AuthErrors.OAUTH_ACCOUNT_NOT_LINKED);
                    return;
                }
                user = byEmail.get();
            } else {
                user = adapter.createUser(AdapterUser.builder().email(email == null || email.isEmpty() ? null : email)
                        .emailVerified(null).name(mapped.name()).image(mapped.image())
                        .attributes(mapped.attributes()).build());
            }
            adapter.linkAccount(account.userId(user.id()).build());
            sessions.signIn(user, request, response);
            redirect(request, response);
        } catch (AccountAlreadyLinkedException | EmailAlreadyInUseException e) {
            // a concurrent sign-in won the race for this account or email
            fail(request, response, AuthErrors.OAUTH_ACCOUNT_NOT_LINKED);
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

    /** The provider's mapper, else the catch-all one, else the standard mapping. */
    private AdapterUser map(String provider, OAuth2User profile) {
        DynauthProfileMapper mapper = mappers.getOrDefault(provider, mappers.get(DynauthProfileMapper.ANY_PROVIDER));
        AdapterUser mapped = mapper == null ? DynauthProfileMapper.standard(profile) : mapper.map(profile);
        if (mapped == null) {
            throw new IllegalStateException("the DynauthProfileMapper of " + provider + " returned null");
        }
        return mapped;
    }
}
