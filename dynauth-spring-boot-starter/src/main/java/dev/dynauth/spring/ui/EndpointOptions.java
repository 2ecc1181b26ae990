package dev.dynauth.spring.ui;

import dev.dynauth.spring.magiclink.MagicLinkService;
import dev.dynauth.spring.session.DynauthSecurityContextRepository;
import dev.dynauth.spring.session.DynauthSessions;
import dev.dynauth.spring.web.AuthPaths;
import java.util.Objects;

/** What the endpoints of one filter chain serve; immutable, made by {@link #builder()}. */
final class EndpointOptions {

    final DynauthSessions sessions;
    final DynauthSecurityContextRepository contexts;
    /** Null: no magic links (disabled, or no sender). */
    final MagicLinkService magicLinks;
    final SignInProviders providers;
    /** Where the error pages' "Sign in" link goes ({@code dynauth.sign-in-page}). */
    final String signInPage;
    /** Whether the sign-in page offers the passkey button and {@code passkey.js} is served. */
    final boolean passkeys;
    /** {@code dynauth.magic-link.confirm}: a link's GET shows a confirmation page; its POST signs in. */
    final boolean confirmMagicLinks;
    final DynauthPageLayout layout;

    private EndpointOptions(Builder b) {
        this.sessions = Objects.requireNonNull(b.sessions, "sessions");
        this.contexts = Objects.requireNonNull(b.contexts, "contexts");
        this.magicLinks = b.magicLinks;
        this.providers = b.providers == null ? SignInProviders.NONE : b.providers;
        this.signInPage = b.signInPage == null ? AuthPaths.SIGNIN : b.signInPage;
        this.passkeys = b.passkeys;
        this.confirmMagicLinks = b.confirmMagicLinks;
        this.layout = b.layout == null ? DynauthPageLayout.standard() : b.layout;
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private DynauthSessions sessions;
        private DynauthSecurityContextRepository contexts;
        private MagicLinkService magicLinks;
        private SignInProviders providers;
        private String signInPage;
        private boolean passkeys;
        private boolean confirmMagicLinks;
        private DynauthPageLayout layout;

        private Builder() {
        }

        Builder sessions(DynauthSessions sessions, DynauthSecurityContextRepository contexts) {
            this.sessions = sessions;
            this.contexts = contexts;
            return this;
        }

        /** Null or a service that cannot send: the sign-in page offers no email sign-in. */
        Builder magicLinks(MagicLinkService magicLinks, boolean confirm) {
            // no sender: the sign-in page offers only what can work (the start-up log said why)
            this.magicLinks = magicLinks != null && magicLinks.canSend() ? magicLinks : null;
            this.confirmMagicLinks = confirm;
            return this;
        }

        Builder providers(SignInProviders providers) {
            this.providers = providers;
            return this;
        }

        Builder signInPage(String signInPage) {
            this.signInPage = signInPage;
            return this;
        }

        Builder passkeys(boolean passkeys) {
            this.passkeys = passkeys;
            return this;
        }

        Builder layout(DynauthPageLayout layout) {
            this.layout = layout;
            return this;
        }

        EndpointOptions build() {
            return new EndpointOptions(this);
        }
    }
}
