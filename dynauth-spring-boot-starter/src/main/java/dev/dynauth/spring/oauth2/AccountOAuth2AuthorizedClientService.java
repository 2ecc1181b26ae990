package dev.dynauth.spring.oauth2;

import dev.dynauth.spring.session.DynauthAuthentication;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterUser;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * Authorized clients stored in Auth.js Account items: the principal name is the dynauth user id
 * (that of {@link DynauthAuthentication}); the tokens are the account's {@code access_token},
 * {@code refresh_token}, {@code expires_at}, {@code scope}, {@code token_type}. An Auth.js app and this
 * service see the same tokens.
 */
class AccountOAuth2AuthorizedClientService implements OAuth2AuthorizedClientService {

    private final java.util.function.Supplier<ClientRegistrationRepository> registrations;
    private final AccountTokens accounts;
    private final Adapter adapter;

    public AccountOAuth2AuthorizedClientService(ClientRegistrationRepository registrations, AccountTokens accounts,
                                                Adapter adapter) {
        this(() -> registrations, accounts, adapter);
    }

    /** With the registrations looked up when first needed (they may be defined after this service). */
    public AccountOAuth2AuthorizedClientService(java.util.function.Supplier<ClientRegistrationRepository> registrations,
                                                AccountTokens accounts, Adapter adapter) {
        this.registrations = registrations;
        this.accounts = accounts;
        this.adapter = adapter;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String clientRegistrationId, String principalName) {
        ClientRegistration registration = registrations.get().findByRegistrationId(clientRegistrationId);
        if (registration == null || principalName == null) {
            return null;
        }
        AccountTokens.Tokens t = accounts.find(principalName, clientRegistrationId);
        if (t == null || t.accessToken() == null) {
            return null;
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (t.scope() != null) {
            for (String s : t.scope().split("[ ,]")) {
                if (!s.isEmpty()) {
                    scopes.add(s);
                }
            }
        }
        Instant expiresAt = t.expiresAt() == null ? null : Instant.ofEpochSecond(t.expiresAt());
        OAuth2AccessToken access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, t.accessToken(),
                expiresAt == null ? null : expiresAt.minusSeconds(1), expiresAt, scopes);
        OAuth2RefreshToken refresh = t.refreshToken() == null ? null : new OAuth2RefreshToken(t.refreshToken(), null);
        return (T) new OAuth2AuthorizedClient(registration, principalName, access, refresh);
    }

    @Override
    public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal) {
        String provider = client.getClientRegistration().getRegistrationId();
        String userId;
        if (principal instanceof DynauthAuthentication d) {
            userId = d.user().id();
        } else if (principal instanceof OAuth2AuthenticationToken o) {
            userId = adapter.getUserByAccount(provider, o.getName()).map(AdapterUser::id).orElse(null);
        } else {
            userId = principal.getName();
        }
        if (userId == null) {
            return;
        }
        AccountTokens.Tokens existing = accounts.find(userId, provider);
        if (existing == null) {
            return;
        }
        accounts.update(userId, provider, tokens(existing.providerAccountId(), client, null));
    }

    @Override
    public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
        AccountTokens.Tokens existing = accounts.find(principalName, clientRegistrationId);
        if (existing != null) {
            accounts.update(principalName, clientRegistrationId,
                    new AccountTokens.Tokens(existing.providerAccountId(), null, null, null, null, null, null));
        }
    }

    /** The Auth.js token fields of an authorized client. */
    static AccountTokens.Tokens tokens(String providerAccountId, OAuth2AuthorizedClient client, String idToken) {
        OAuth2AccessToken a = client.getAccessToken();
        return new AccountTokens.Tokens(providerAccountId, a.getTokenValue(),
                client.getRefreshToken() == null ? null : client.getRefreshToken().getTokenValue(), idToken,
                a.getTokenType().getValue().toLowerCase(java.util.Locale.ROOT),
                a.getScopes().isEmpty() ? null : String.join(" ", a.getScopes()),
                a.getExpiresAt() == null ? null : a.getExpiresAt().getEpochSecond());
    }
}
