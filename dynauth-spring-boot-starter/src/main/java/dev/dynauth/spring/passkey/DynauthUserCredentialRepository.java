package dev.dynauth.spring.passkey;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterAccount;
import dev.dynauth.AdapterAuthenticator;
import dev.dynauth.DynauthStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

/**
 * Spring Security's passkey credentials stored as Auth.js stores them: an Authenticator item per
 * credential ({@code credentialID} and {@code credentialPublicKey} in standard base64, {@code counter},
 * {@code credentialDeviceType} {@code singleDevice}/{@code multiDevice}, {@code credentialBackedUp},
 * comma-separated {@code transports}) and an Account item {@code {provider: "webauthn", type: "webauthn",
 * providerAccountId: <credentialID>}}, whose custom attributes keep what Auth.js has no field for: the
 * passkey's name ({@code label}), when it was added ({@code createdAt}) and last used ({@code lastUsedAt}),
 * which the npm adapter carries along and Auth.js ignores. Signature counters move through
 * {@link Adapter#updateAuthenticatorCounter}.
 */
class DynauthUserCredentialRepository implements UserCredentialRepository {

    public static final String PROVIDER = "webauthn";
    static final String LABEL = "label";
    static final String CREATED_AT = "createdAt";
    static final String LAST_USED_AT = "lastUsedAt";

    private final Adapter adapter;
    private final DynauthStore store;
    private final java.util.function.Supplier<String> rpId;
    private final java.time.Clock clock;

    /**
     * @param store the store behind the adapter (usually the adapter itself), for what Auth.js's API lacks (deleting a passkey)
     * @param rpId the relying party id; it goes into the attestation object rebuilt for Spring
     *             Security's verifier (see {@link SyntheticAttestation})
     */
    public DynauthUserCredentialRepository(Adapter adapter, DynauthStore store, String rpId) {
        this(adapter, store, () -> rpId, java.time.Clock.systemUTC());
    }

    /** @param clock when a passkey is added and used (the application's clock, not Spring Security's) */
    public DynauthUserCredentialRepository(Adapter adapter, DynauthStore store, String rpId, java.time.Clock clock) {
        this(adapter, store, () -> rpId, clock);
    }

    /**
     * @param rpId the relying party id of the request being served (it may follow the request's host in development)
     * @param clock when a passkey is added and used (the application's clock, not Spring Security's)
     */
    public DynauthUserCredentialRepository(Adapter adapter, DynauthStore store, java.util.function.Supplier<String> rpId,
                                           java.time.Clock clock) {
        this.adapter = adapter;
        this.store = store;
        this.rpId = rpId;
        this.clock = clock;
    }

    static String b64(Bytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.getBytes());
    }

    @Override
    public void save(CredentialRecord record) {
        String credentialID = b64(record.getCredentialId());
        Optional<AdapterAuthenticator> existing = adapter.getAuthenticator(credentialID);
        if (existing.isPresent()) {
            if (existing.get().counter() != record.getSignatureCount()) {
                adapter.updateAuthenticatorCounter(credentialID, record.getSignatureCount());
            }
            touch(existing.get());
            return;
        }
        String userId = DynauthUserEntityRepository.userIdOf(record.getUserEntityUserId());
        AdapterAccount.Builder account = AdapterAccount.builder().userId(userId).provider(PROVIDER).type(PROVIDER)
                .providerAccountId(credentialID);
        String label = record.getLabel() == null ? "" : record.getLabel().strip();
        if (!label.isEmpty()) {
            // the name a person gave it, as long as the page's field allows (the JSON endpoint takes any length)
            account.attribute(LABEL, label.length() > DynauthPasskeysPage.MAX_LABEL
                    ? label.substring(0, DynauthPasskeysPage.MAX_LABEL) : label);
        }
        account.attribute(CREATED_AT, clock.instant());
        adapter.linkAccount(account.build());
        List<String> transports = new ArrayList<>();
        if (record.getTransports() != null) {
            record.getTransports().forEach(t -> transports.add(t.getValue()));
        }
        adapter.createAuthenticator(new AdapterAuthenticator(credentialID, userId, credentialID,
                Base64.getEncoder().encodeToString(record.getPublicKey().getBytes()), record.getSignatureCount(),
                record.isBackupEligible() ? "multiDevice" : "singleDevice", record.isBackupState(),
                transports.isEmpty() ? null : String.join(",", transports)));
    }

    @Override
    public CredentialRecord findByCredentialId(Bytes credentialId) {
        if (credentialId == null) {
            return null;
        }
        return adapter.getAuthenticator(b64(credentialId)).map(a -> record(a, null, rpId.get())).orElse(null);
    }

    @Override
    public List<CredentialRecord> findByUserId(Bytes userId) {
        if (userId == null) {
            return List.of();
        }
        List<CredentialRecord> records = new ArrayList<>();
        for (AdapterAuthenticator a : adapter.listAuthenticatorsByUserId(DynauthUserEntityRepository.userIdOf(userId))) {
            Optional<AdapterAccount> account = adapter.getAccount(a.providerAccountId(), PROVIDER);
            Object label = account.map(acc -> acc.attribute(LABEL)).orElse(null);
            ImmutableCredentialRecord.ImmutableCredentialRecordBuilder r = ImmutableCredentialRecord.fromCredentialRecord(
                    record(a, label instanceof String s ? s : null, rpId.get()));
            // unknown dates stay unknown (the builder would say "now")
            r.created(account.map(acc -> instant(acc.attribute(CREATED_AT))).orElse(null));
            r.lastUsed(account.map(acc -> instant(acc.attribute(LAST_USED_AT))).orElse(null));
            records.add(r.build());
        }
        return records;
    }

    /** Notes when the passkey was last used on its Account item (not for passkeys Auth.js registered). */
    private void touch(AdapterAuthenticator authenticator) {
        java.time.Instant lastUsed = clock.instant();
        try {
            store.updateAccount(AdapterAccount.builder().userId(authenticator.userId()).provider(PROVIDER).type(PROVIDER)
                    .providerAccountId(authenticator.providerAccountId()).attribute(LAST_USED_AT, lastUsed).build());
        } catch (dev.dynauth.NotFoundException noAccount) {
            // no webauthn Account item (removed meanwhile, or never written): nothing to note
        }
    }

    /** A stored date attribute: an instant (ISO string in the table), else null. */
    private static java.time.Instant instant(Object value) {
        return value instanceof java.time.Instant i ? i : null;
    }

    /** Removes the passkey: its Authenticator item and its {@code webauthn} Account item. */
    @Override
    public void delete(Bytes credentialId) {
        String credentialID = b64(credentialId);
        Optional<AdapterAuthenticator> a = adapter.getAuthenticator(credentialID);
        if (a.isEmpty()) {
            return;
        }
        store.deleteAuthenticator(credentialID);
        adapter.unlinkAccount(PROVIDER, a.get().providerAccountId());
    }

    static CredentialRecord record(AdapterAuthenticator a, String label, String rpId) {
        Set<AuthenticatorTransport> transports = new LinkedHashSet<>();
        if (a.transports() != null) {
            for (String t : a.transports().split(",")) {
                if (!t.isBlank()) {
                    transports.add(AuthenticatorTransport.valueOf(t.trim()));
                }
            }
        }
        byte[] credentialId = Base64.getDecoder().decode(a.credentialID());
        byte[] coseKey = Base64.getDecoder().decode(a.credentialPublicKey());
        boolean backupEligible = "multiDevice".equals(a.credentialDeviceType());
        return ImmutableCredentialRecord.builder()
                .credentialType(PublicKeyCredentialType.PUBLIC_KEY)
                .credentialId(new Bytes(credentialId))
                .userEntityUserId(DynauthUserEntityRepository.idOf(a.userId()))
                .publicKey(new ImmutablePublicKeyCose(coseKey))
                .attestationObject(new Bytes(SyntheticAttestation.attestationObject(rpId, credentialId, coseKey,
                        a.counter(), backupEligible, a.credentialBackedUp())))
                .signatureCount(a.counter())
                .uvInitialized(true)
                .transports(transports)
                .backupEligible(backupEligible)
                .backupState(a.credentialBackedUp())
                .label(label != null ? label : "passkey")
                .build();
    }
}
