package dev.dynauth.spring.session;

import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request signed in by an Auth.js database session. The principal is the {@link AdapterUser};
 * the session token is never exposed through {@link #getCredentials()} or {@link #toString()}.
 */
public class DynauthAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    /** Authority every signed-in user has. */
    public static final String ROLE_USER = "ROLE_USER";

    private final transient AdapterUser user;
    private final transient AdapterSession session;

    public DynauthAuthentication(AdapterUser user, AdapterSession session) {
        this(user, session, List.of(new SimpleGrantedAuthority(ROLE_USER)));
    }

    public DynauthAuthentication(AdapterUser user, AdapterSession session,
                                 Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.user = user;
        this.session = session;
        setAuthenticated(true);
    }

    @Override
    public AdapterUser getPrincipal() {
        return user;
    }

    /** Always {@code null}: the session token is a secret. */
    @Override
    public Object getCredentials() {
        return null;
    }

    /** The user's id. */
    @Override
    public String getName() {
        return user.id();
    }

    public AdapterUser user() {
        return user;
    }

    public AdapterSession session() {
        return session;
    }

    @Override
    public String toString() {
        return "DynauthAuthentication[userId=" + user.id() + ", expires=" + session.expires() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DynauthAuthentication other && other.user.equals(user)
                && other.session.sessionToken().equals(session.sessionToken());
    }

    @Override
    public int hashCode() {
        return user.id().hashCode();
    }
}
