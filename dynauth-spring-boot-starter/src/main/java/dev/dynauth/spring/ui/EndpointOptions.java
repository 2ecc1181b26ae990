package dev.dynauth.spring.ui;

import dev.dynauth.spring.magiclink.MagicLinkService;
import dev.dynauth.spring.session.DynauthSecurityContextRepository;
import dev.dynauth.spring.session.DynauthSessions;
import dev.dynauth.spring.web.AuthPaths;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.web.PublicUrl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;

/**
 * What the endpoints of one filter chain serve, on either stack; immutable, made by {@link #builder()}. A servlet
 * chain gives its sessions ({@link Builder#sessions}) and {@link DynauthPageLayout}; a reactive chain its context
 * repository, public URL and cookies ({@link Builder#server}) and {@link ServerPageLayout}. The rest is shared.
 */
final class EndpointOptions {

    /** Servlet: the session issuer and the context repository (null on a reactive chain). */
    final DynauthSessions sessions;
    final DynauthSecurityContextRepository contexts;
    /** Reactive: the context repository a sign-in saves to, the public URL and the cookie rules (null on a servlet chain). */
    final ServerSecurityContextRepository serverContexts;
    final PublicUrl publicUrl;
    final Cookies cookies;
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
    final ServerPageLayout serverLayout;

    private EndpointOptions(Builder b) {
        if ((b.sessions == null || b.contexts == null) && (b.serverContexts == null || b.publicUrl == null
                || b.cookies == null)) {
            throw new IllegalArgumentException("endpoint options need one stack's sessions: sessions(...) or server(...)");
        }
        this.sessions = b.sessions;
        this.contexts = b.contexts;
        this.serverContexts = b.serverContexts;
        this.publicUrl = b.publicUrl;
        this.cookies = b.cookies;
        this.magicLinks = b.magicLinks;
        this.providers = b.providers == null ? SignInProviders.NONE : b.providers;
        this.signInPage = b.signInPage == null ? AuthPaths.SIGNIN : b.signInPage;
        this.passkeys = b.passkeys;
        this.confirmMagicLinks = b.confirmMagicLinks;
        this.layout = b.layout == null ? DynauthPageLayout.standard() : b.layout;
        this.serverLayout = b.serverLayout == null ? ServerPageLayout.standard() : b.serverLayout;
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private DynauthSessions sessions;
        private DynauthSecurityContextRepository contexts;
        private ServerSecurityContextRepository serverContexts;
        private PublicUrl publicUrl;
        private Cookies cookies;
        private MagicLinkService magicLinks;
        private SignInProviders providers;
        private String signInPage;
        private boolean passkeys;
        private boolean confirmMagicLinks;
        private DynauthPageLayout layout;
        private ServerPageLayout serverLayout;

        private Builder() {
        }

        Builder sessions(DynauthSessions sessions, DynauthSecurityContextRepository contexts) {
            this.sessions = sessions;
            this.contexts = contexts;
            return this;
        }

        /** A reactive chain's: where a sign-in saves its context, the public URL links are built on, the cookie rules. */
        Builder server(ServerSecurityContextRepository contexts, PublicUrl publicUrl, Cookies cookies) {
            this.serverContexts = contexts;
            this.publicUrl = publicUrl;
            this.cookies = cookies;
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

        Builder serverLayout(ServerPageLayout layout) {
            this.serverLayout = layout;
            return this;
        }

        EndpointOptions build() {
            return new EndpointOptions(this);
        }
    }
}
