package dev.dynauth.spring.oauth2;

import dev.dynauth.AdapterAccount;
import dev.dynauth.DynauthStore;
import dev.dynauth.NotFoundException;
import java.util.Optional;

/**
 * Reads and updates the OAuth token fields of a user's Account items, which an
 * {@code OAuth2AuthorizedClientService} needs and Auth.js's adapter API does not offer.
 */
public class AccountTokens {

    /** The token fields of one account. Secrets: {@link #toString()} is redacted. */
    public record Tokens(String providerAccountId, String accessToken, String refreshToken, String idToken,
                         String tokenType, String scope, Long expiresAt) {
        @Override
        public String toString() {
            return "Tokens[providerAccountId=" + providerAccountId + ", <redacted>, expiresAt=" + expiresAt + "]";
        }
    }

    private final DynauthStore adapter;

    public AccountTokens(DynauthStore adapter) {
        this.adapter = adapter;
    }

    /** The first account of the user with the provider, if any. */
    public Tokens find(String userId, String provider) {
        return account(userId, provider)
                .map(a -> new Tokens(a.providerAccountId(), a.accessToken(), a.refreshToken(), a.idToken(),
                        a.tokenType(), a.scope(), a.expiresAt()))
                .orElse(null);
    }

    /** Replaces the token fields of an existing account ({@code null} removes one); false when there is no such account. */
    public boolean update(String userId, String provider, Tokens t) {
        return update(userId, provider, t, null);
    }

    /**
     * As {@link #update(String, String, Tokens)}, also replacing the account's {@code session_state} unless
     * {@code sessionState} is null (then the stored one is kept).
     */
    public boolean update(String userId, String provider, Tokens t, String sessionState) {
        Optional<AdapterAccount> existing = account(userId, provider)
                .filter(a -> a.providerAccountId().equals(t.providerAccountId()));
        if (existing.isEmpty()) {
            return false;
        }
        AdapterAccount a = existing.get();
        try {
            adapter.updateAccount(AdapterAccount.builder().userId(userId).type(a.type()).provider(provider)
                    .providerAccountId(t.providerAccountId()).accessToken(t.accessToken()).refreshToken(t.refreshToken())
                    // a refresh usually returns no new id token: keep the one there is
                    .idToken(t.idToken() != null ? t.idToken() : a.idToken())
                    .tokenType(t.tokenType()).scope(t.scope()).sessionState(sessionState != null ? sessionState : a.sessionState())
                    .expiresAt(t.expiresAt()).build());
            return true;
        } catch (NotFoundException gone) {
            return false;
        }
    }

    private Optional<AdapterAccount> account(String userId, String provider) {
        return adapter.listAccounts(userId).stream().filter(a -> provider.equals(a.provider())).findFirst();
    }
}
