package dev.dynauth.spring.passkey;

import dev.dynauth.spring.session.DynauthAuthentication;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterUser;
import dev.dynauth.Identifiers;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;

/**
 * WebAuthn user entities are dynauth users: the entity id is the user id (UTF-8 bytes), its name the
 * user id too (what {@link DynauthAuthentication#getName()} returns), its display name the user's
 * name or email. Users are owned by dynauth: {@link #save} and {@link #delete} never create or delete one.
 */
public class DynauthUserEntityRepository implements PublicKeyCredentialUserEntityRepository {

    private final Adapter adapter;

    public DynauthUserEntityRepository(Adapter adapter) {
        this.adapter = adapter;
    }

    public static Bytes idOf(String userId) {
        return new Bytes(userId.getBytes(StandardCharsets.UTF_8));
    }

    static String userIdOf(Bytes id) {
        return new String(id.getBytes(), StandardCharsets.UTF_8);
    }

    static PublicKeyCredentialUserEntity entity(AdapterUser user) {
        String display = user.name() != null ? user.name() : user.email() != null ? user.email() : user.id();
        return ImmutablePublicKeyCredentialUserEntity.builder().id(idOf(user.id())).name(user.id())
                .displayName(display).build();
    }

    @Override
    public PublicKeyCredentialUserEntity findById(Bytes id) {
        if (id == null) {
            return null;
        }
        return adapter.getUser(userIdOf(id)).map(DynauthUserEntityRepository::entity).orElse(null);
    }

    /** By user id (the name dynauth gives entities), or by email. */
    @Override
    public PublicKeyCredentialUserEntity findByUsername(String username) {
        if (username == null || username.isEmpty()) {
            return null;
        }
        Optional<AdapterUser> user = adapter.getUser(username);
        if (user.isEmpty() && username.indexOf('@') > 0) {
            try {
                user = adapter.getUserByEmail(Identifiers.normalizeEmail(username));
            } catch (IllegalArgumentException notAnEmail) {
                return null;
            }
        }
        return user.map(DynauthUserEntityRepository::entity).orElse(null);
    }

    /** Users are created by sign-in, not by passkey registration: nothing to store. */
    @Override
    public void save(PublicKeyCredentialUserEntity userEntity) {
        // the entity is derived from the dynauth user
    }

    /** Deleting a user is {@link Adapter#deleteUser}'s job, which also removes the authenticators. */
    @Override
    public void delete(Bytes id) {
        // nothing: see above
    }
}
