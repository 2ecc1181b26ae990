package dev.dynauth.spring.oauth2;

import dev.dynauth.AccountAlreadyLinkedException;
import dev.dynauth.Adapter;
import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterUser;
import dev.dynauth.EmailAlreadyInUseException;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.ui.AuthErrors;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.user.OAuth2User;

/**
 * Auth.js's {@code handleLoginOrRegister} on the adapter, for both stacks (see {@link DynauthOAuth2LoginHandler} for
 * the rules). It uses the blocking adapter: the reactive side runs it off the event loop.
 */
final class AccountLinking {

    /**
     * What the sign-in comes to: {@code error} an Auth.js error code (no session), else {@code signIn} the user to
     * issue a session for (null: the signed-in user keeps theirs, e.g. an account was linked to them).
     */
    record Outcome(AdapterUser signIn, String error) {}

    private final Adapter adapter;
    private final AccountTokens accountTokens;
    private final Map<String, DynauthProperties.Provider> providers;
    private final Map<String, DynauthProfileMapper> mappers;

    AccountLinking(Adapter adapter, AccountTokens accountTokens, Map<String, DynauthProperties.Provider> providers,
                   Collection<DynauthProfileMapper> mappers) {
        this.adapter = adapter;
        this.accountTokens = accountTokens;
        this.providers = providers;
        Map<String, DynauthProfileMapper> byProvider = new HashMap<>();
        for (DynauthProfileMapper m : mappers) {
            String id = Objects.requireNonNull(m.provider(), "DynauthProfileMapper.provider()");
            if (byProvider.putIfAbsent(id, m) != null) {
                throw new IllegalStateException("two DynauthProfileMapper beans for provider '" + id
                        + "': define one per provider");
            }
        }
        this.mappers = Map.copyOf(byProvider);
    }

    /**
     * @param currentUserId the user signed in before this sign-in (null: nobody)
     * @param client        the authorized client of the login (its tokens go into the Account item; may be null)
     * @param sessionState  the provider's {@code session_state} (may be null)
     */
    Outcome signIn(String currentUserId, OAuth2AuthenticationToken token, OAuth2AuthorizedClient client,
                   String sessionState) {
        String provider = token.getAuthorizedClientRegistrationId();
        OAuth2User profile = token.getPrincipal();
        String providerAccountId = token.getName();
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
            AdapterUser mapped = map(provider, profile);
            String email = dev.dynauth.Identifiers.canonicalEmail(mapped.email());
            Optional<AdapterUser> byAccount = adapter.getUserByAccount(provider, providerAccountId);
            if (byAccount.isPresent()) {
                if (currentUserId != null && !currentUserId.equals(byAccount.get().id())) {
                    return new Outcome(null, AuthErrors.OAUTH_ACCOUNT_NOT_LINKED);
                }
                if (client != null) {
                    accountTokens.update(byAccount.get().id(), provider,
                            AccountOAuth2AuthorizedClientService.tokens(providerAccountId, client, idToken), sessionState);
                }
                return new Outcome(currentUserId == null ? byAccount.get() : null, null);
            }
            if (currentUserId != null) {
                adapter.linkAccount(account.userId(currentUserId).build());
                return new Outcome(null, null);
            }
            Optional<AdapterUser> byEmail = email == null || email.isEmpty() ? Optional.empty() : adapter.getUserByEmail(email);
            AdapterUser user;
            if (byEmail.isPresent()) {
                DynauthProperties.Provider options = providers.get(provider);
                if (options == null || !options.isAllowDangerousEmailAccountLinking()) {
                    return new Outcome(null, AuthErrors.OAUTH_ACCOUNT_NOT_LINKED);
                }
                user = byEmail.get();
            } else {
                user = adapter.createUser(AdapterUser.builder().email(email == null || email.isEmpty() ? null : email)
                        .emailVerified(null).name(mapped.name()).image(mapped.image())
                        .attributes(mapped.attributes()).build());
            }
            adapter.linkAccount(account.userId(user.id()).build());
            return new Outcome(user, null);
        } catch (AccountAlreadyLinkedException | EmailAlreadyInUseException e) {
            // a concurrent sign-in won the race for this account or email
            return new Outcome(null, AuthErrors.OAUTH_ACCOUNT_NOT_LINKED);
        }
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
