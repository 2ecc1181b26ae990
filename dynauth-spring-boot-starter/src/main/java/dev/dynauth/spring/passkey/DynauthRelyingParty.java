package dev.dynauth.spring.passkey;

import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.PublicUrl;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The passkey relying party, whose id and allowed origin come from the {@link PublicUrl}: its host and origin
 * when {@code dynauth.url} is set (or {@code dynauth.passkeys.rp-id} / {@code allowed-origins} when set
 * explicitly); without a public URL, the request's own host and origin when that is trusted (development on
 * loopback, or {@code dynauth.trust-host}), so passkeys work on any port.
 */
final class DynauthRelyingParty implements WebAuthnRelyingPartyOperations {

    private static final Logger LOG = LoggerFactory.getLogger(DynauthRelyingParty.class);
    /** Relying parties kept per request origin (a few in development; a Host header cannot grow it beyond this). */
    private static final int MAX_CACHED = 16;

    private final PublicKeyCredentialUserEntityRepository users;
    private final UserCredentialRepository credentials;
    private final String rpName;
    private final String fixedRpId;
    private final Set<String> fixedOrigins;
    private final PublicUrl publicUrl;
    private final Map<String, WebAuthnRelyingPartyOperations> byOrigin = new ConcurrentHashMap<>();

    public DynauthRelyingParty(PublicKeyCredentialUserEntityRepository users, UserCredentialRepository credentials,
                        DynauthProperties.Passkeys config, PublicUrl publicUrl) {
        this.users = users;
        this.credentials = credentials;
        this.rpName = config.getRpName();
        this.publicUrl = publicUrl;
        String rpId = blank(config.getRpId()) ? publicUrl.host().orElse(null) : config.getRpId().trim();
        Set<String> origins = config.getAllowedOrigins() == null || config.getAllowedOrigins().isEmpty()
                ? publicUrl.configuredOrigin().map(Set::of).orElse(null) : Set.copyOf(config.getAllowedOrigins());
        if (rpId != null && origins == null && publicUrl.configured().isEmpty()) {
            origins = null; // an explicit id alone: origins still follow the (trusted) request
        }
        this.fixedRpId = rpId;
        this.fixedOrigins = origins;
        warnWhenNothingFits();
    }

    /** The relying-party id of the request being served. */
    public String rpId() {
        if (fixedRpId != null) {
            return fixedRpId;
        }
        HttpServletRequest request = current();
        return request == null ? "localhost" : hostOf(publicUrl.origin(request));
    }

    private void warnWhenNothingFits() {
        String host = publicUrl.host().orElse(null);
        if (fixedRpId != null && host != null && !host.equals(fixedRpId) && !host.endsWith("." + fixedRpId)) {
            LOG.warn("dynauth: dynauth.passkeys.rp-id {} is neither the public URL's host {} nor a parent domain of it: "
                    + "browsers will refuse every passkey", fixedRpId, host);
        }
        if (fixedOrigins != null && fixedRpId != null) {
            for (String o : fixedOrigins) {
                String h = hostOf(o);
                if (!h.equals(fixedRpId) && !h.endsWith("." + fixedRpId)) {
                    LOG.warn("dynauth: passkey origin {} does not belong to the relying-party id {}: passkeys from it will "
                            + "fail", o, fixedRpId);
                }
            }
        }
        if (fixedOrigins == null && publicUrl.configured().isEmpty() && !publicUrl.trustHost()) {
            LOG.warn("dynauth: passkeys without dynauth.url: they work only on localhost (development), with the "
                    + "browser's origin; set dynauth.url (or dynauth.passkeys.rp-id and allowed-origins) in production");
        }
    }

    private WebAuthnRelyingPartyOperations delegate() {
        if (fixedOrigins != null && fixedRpId != null) {
            return byOrigin.computeIfAbsent("", k -> create(fixedRpId, fixedOrigins));
        }
        HttpServletRequest request = current();
        if (request == null) {
            throw new IllegalStateException("passkey operations need a request");
        }
        String origin = publicUrl.origin(request); // UntrustedHostException: a 400, never a relying party for it
        String rpId = fixedRpId != null ? fixedRpId : hostOf(origin);
        Set<String> origins = fixedOrigins != null ? fixedOrigins : Set.of(origin);
        WebAuthnRelyingPartyOperations cached = byOrigin.get(origin);
        if (cached != null) {
            return cached;
        }
        WebAuthnRelyingPartyOperations created = create(rpId, origins);
        if (byOrigin.size() < MAX_CACHED) {
            byOrigin.putIfAbsent(origin, created);
        }
        return created;
    }

    private WebAuthnRelyingPartyOperations create(String rpId, Set<String> origins) {
        return new Webauthn4JRelyingPartyOperations(users, credentials,
                PublicKeyCredentialRpEntity.builder().id(rpId).name(rpName).build(), origins);
    }

    private static HttpServletRequest current() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a ? a.getRequest() : null;
    }


    private static String hostOf(String origin) {
        String host = URI.create(origin).getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public PublicKeyCredentialCreationOptions createPublicKeyCredentialCreationOptions(
            PublicKeyCredentialCreationOptionsRequest request) {
        return delegate().createPublicKeyCredentialCreationOptions(request);
    }

    @Override
    public CredentialRecord registerCredential(RelyingPartyRegistrationRequest request) {
        return delegate().registerCredential(request);
    }

    @Override
    public PublicKeyCredentialRequestOptions createCredentialRequestOptions(PublicKeyCredentialRequestOptionsRequest request) {
        return delegate().createCredentialRequestOptions(request);
    }

    @Override
    public PublicKeyCredentialUserEntity authenticate(RelyingPartyAuthenticationRequest request) {
        return delegate().authenticate(request);
    }
}
