package dev.dynauth;

import java.util.Objects;

/**
 * A WebAuthn credential (passkey), as Auth.js's {@code AdapterAuthenticator}.
 *
 * @param credentialID         the credential id, standard base64
 * @param userId               the owner
 * @param providerAccountId    the id of the {@code webauthn} account linked with it (the credential id)
 * @param credentialPublicKey  the public key, standard base64
 * @param counter              the signature counter
 * @param credentialDeviceType {@code singleDevice} or {@code multiDevice}
 * @param credentialBackedUp   whether the credential is backed up
 * @param transports           comma-separated transports, or {@code null}
 */
public record AdapterAuthenticator(String credentialID, String userId, String providerAccountId,
                                   String credentialPublicKey, long counter, String credentialDeviceType,
                                   boolean credentialBackedUp, String transports) {
    public AdapterAuthenticator {
        Objects.requireNonNull(credentialID, "credentialID");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(providerAccountId, "providerAccountId");
        Objects.requireNonNull(credentialPublicKey, "credentialPublicKey");
        Objects.requireNonNull(credentialDeviceType, "credentialDeviceType");
        if (counter < 0) {
            throw new IllegalArgumentException("counter must not be negative");
        }
    }

    /** A copy with another counter. */
    public AdapterAuthenticator withCounter(long newCounter) {
        return new AdapterAuthenticator(credentialID, userId, providerAccountId, credentialPublicKey, newCounter,
                credentialDeviceType, credentialBackedUp, transports);
    }
}
