package dev.dynauth.spring.passkey;

import dev.dynauth.spring.oauth2.CookieAuthorizationRequestRepository;
import dev.dynauth.spring.web.CookieSealer;
import dev.dynauth.spring.web.Cookies;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.DynauthSecret;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticatorAttachment;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialDescriptor;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.authentication.PublicKeyCredentialRequestOptionsRepository;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;

/**
 * Passkey registration and authentication challenges in encrypted, authenticated cookies instead of
 * the HttpSession. Only what verification uses is kept (challenge, relying party, user, algorithms,
 * user verification, allowed credentials, timeout); the cookie expires with the ceremony's timeout
 * (5 minutes at most) and is cleared once used.
 */
final class CookieWebAuthnOptionsRepositories {

    static final String CREATION_COOKIE = Cookies.WEBAUTHN_REGISTRATION;
    static final String REQUEST_COOKIE = Cookies.WEBAUTHN_AUTHENTICATION;
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private CookieWebAuthnOptionsRepositories() {}

    /** Registration options. */
    public static class Creation implements PublicKeyCredentialCreationOptionsRepository {
        private final CookieSealer sealer;
        private final Clock clock;
        private CookieAuthorizationRequestRepository.SingleUse singleUse = (key, expires) -> true;

        public Creation(DynauthSecret secret, DynauthProperties.Cookie cookie, Clock clock) {
            this.sealer = new CookieSealer(CREATION_COOKIE, secret, cookie);
            this.clock = clock;
        }

        /** Refuses a second use of a challenge (e.g. {@link dev.dynauth.spring.oauth2.DynamoDbSingleUse}), across instances. */
        public Creation singleUse(CookieAuthorizationRequestRepository.SingleUse singleUse) {
            this.singleUse = singleUse;
            return this;
        }

        @Override
        public void save(HttpServletRequest request, HttpServletResponse response, PublicKeyCredentialCreationOptions o) {
            if (o == null) {
                sealer.clear(request, response);
                return;
            }
            Map<String, String> m = new LinkedHashMap<>();
            m.put("exp", Long.toString(clock.millis() + MAX_AGE.toMillis()));
            m.put("challenge", o.getChallenge().toBase64UrlString());
            m.put("rp.id", o.getRp().getId());
            m.put("rp.name", o.getRp().getName());
            m.put("user.id", o.getUser().getId().toBase64UrlString());
            m.put("user.name", o.getUser().getName());
            m.put("user.displayName", o.getUser().getDisplayName());
            List<String> algs = new ArrayList<>();
            o.getPubKeyCredParams().forEach(p -> algs.add(Long.toString(p.getAlg().getValue())));
            m.put("algs", String.join(",", algs));
            if (o.getTimeout() != null) {
                m.put("timeout", Long.toString(o.getTimeout().toMillis()));
            }
            m.put("exclude", ids(o.getExcludeCredentials()));
            AuthenticatorSelectionCriteria sel = o.getAuthenticatorSelection();
            if (sel != null) {
                if (sel.getAuthenticatorAttachment() != null) {
                    m.put("sel.attachment", sel.getAuthenticatorAttachment().getValue());
                }
                if (sel.getResidentKey() != null) {
                    m.put("sel.residentKey", sel.getResidentKey().getValue());
                }
                if (sel.getUserVerification() != null) {
                    m.put("sel.uv", sel.getUserVerification().getValue());
                }
            }
            if (o.getAttestation() != null) {
                m.put("attestation", o.getAttestation().getValue());
            }
            sealer.write(request, response, encode(m), MAX_AGE);
        }

        @Override
        public PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
            Map<String, String> m = firstUse(request, CREATION_COOKIE, decode(sealer.read(request), clock), singleUse);
            if (m == null) {
                return null;
            }
            try {
                PublicKeyCredentialCreationOptions.PublicKeyCredentialCreationOptionsBuilder b =
                        PublicKeyCredentialCreationOptions.builder()
                                .challenge(Bytes.fromBase64(m.get("challenge")))
                                .rp(PublicKeyCredentialRpEntity.builder().id(m.get("rp.id")).name(m.get("rp.name")).build())
                                .user(ImmutablePublicKeyCredentialUserEntity.builder()
                                        .id(Bytes.fromBase64(m.get("user.id"))).name(m.get("user.name"))
                                        .displayName(m.get("user.displayName")).build())
                                .pubKeyCredParams(params(m.get("algs")))
                                .excludeCredentials(descriptors(m.get("exclude")));
                if (m.containsKey("timeout")) {
                    b.timeout(Duration.ofMillis(Long.parseLong(m.get("timeout"))));
                }
                AuthenticatorSelectionCriteria.AuthenticatorSelectionCriteriaBuilder sel = AuthenticatorSelectionCriteria.builder();
                if (m.containsKey("sel.attachment")) {
                    sel.authenticatorAttachment(AuthenticatorAttachment.valueOf(m.get("sel.attachment")));
                }
                if (m.containsKey("sel.residentKey")) {
                    sel.residentKey(ResidentKeyRequirement.valueOf(m.get("sel.residentKey")));
                }
                if (m.containsKey("sel.uv")) {
                    sel.userVerification(uv(m.get("sel.uv")));
                }
                b.authenticatorSelection(sel.build());
                if (m.containsKey("attestation")) {
                    b.attestation(AttestationConveyancePreference.valueOf(m.get("attestation")));
                }
                return b.build();
            } catch (RuntimeException malformed) {
                return null;
            }
        }
    }

    /** Authentication options. */
    public static class Request implements PublicKeyCredentialRequestOptionsRepository {
        private final CookieSealer sealer;
        private final Clock clock;
        private CookieAuthorizationRequestRepository.SingleUse singleUse = (key, expires) -> true;

        public Request(DynauthSecret secret, DynauthProperties.Cookie cookie, Clock clock) {
            this.sealer = new CookieSealer(REQUEST_COOKIE, secret, cookie);
            this.clock = clock;
        }

        /**
         * Refuses a second use of a challenge (e.g. {@link dev.dynauth.spring.oauth2.DynamoDbSingleUse}), across instances: a captured assertion
         * and its cookie cannot sign in again, whatever the signature counter says (synced passkeys always send 0).
         */
        public Request singleUse(CookieAuthorizationRequestRepository.SingleUse singleUse) {
            this.singleUse = singleUse;
            return this;
        }

        @Override
        public void save(HttpServletRequest request, HttpServletResponse response, PublicKeyCredentialRequestOptions o) {
            if (o == null) {
                sealer.clear(request, response);
                return;
            }
            Map<String, String> m = new LinkedHashMap<>();
            m.put("exp", Long.toString(clock.millis() + MAX_AGE.toMillis()));
            m.put("challenge", o.getChallenge().toBase64UrlString());
            if (o.getRpId() != null) {
                m.put("rpId", o.getRpId());
            }
            if (o.getTimeout() != null) {
                m.put("timeout", Long.toString(o.getTimeout().toMillis()));
            }
            if (o.getUserVerification() != null) {
                m.put("uv", o.getUserVerification().getValue());
            }
            m.put("allow", ids(o.getAllowCredentials()));
            sealer.write(request, response, encode(m), MAX_AGE);
        }

        @Override
        public PublicKeyCredentialRequestOptions load(HttpServletRequest request) {
            Map<String, String> m = firstUse(request, REQUEST_COOKIE, decode(sealer.read(request), clock), singleUse);
            if (m == null) {
                return null;
            }
            try {
                PublicKeyCredentialRequestOptions.PublicKeyCredentialRequestOptionsBuilder b = PublicKeyCredentialRequestOptions
                        .builder().challenge(Bytes.fromBase64(m.get("challenge"))).rpId(m.get("rpId"))
                        .allowCredentials(descriptors(m.get("allow")));
                if (m.containsKey("timeout")) {
                    b.timeout(Duration.ofMillis(Long.parseLong(m.get("timeout"))));
                }
                if (m.containsKey("uv")) {
                    b.userVerification(uv(m.get("uv")));
                }
                return b.build();
            } catch (RuntimeException malformed) {
                return null;
            }
        }
    }

    static UserVerificationRequirement uv(String value) {
        return switch (value) {
            case "required" -> UserVerificationRequirement.REQUIRED;
            case "discouraged" -> UserVerificationRequirement.DISCOURAGED;
            default -> UserVerificationRequirement.PREFERRED;
        };
    }

    static List<PublicKeyCredentialParameters> params(String algs) {
        List<PublicKeyCredentialParameters> known = List.of(PublicKeyCredentialParameters.EdDSA,
                PublicKeyCredentialParameters.ES256, PublicKeyCredentialParameters.ES384, PublicKeyCredentialParameters.ES512,
                PublicKeyCredentialParameters.RS256, PublicKeyCredentialParameters.RS384, PublicKeyCredentialParameters.RS512,
                PublicKeyCredentialParameters.RS1);
        List<PublicKeyCredentialParameters> out = new ArrayList<>();
        for (String a : algs.split(",")) {
            if (!a.isEmpty()) {
                long alg = Long.parseLong(a);
                known.stream().filter(p -> p.getAlg().getValue() == alg).findFirst().ifPresent(out::add);
            }
        }
        return out;
    }

    static String ids(List<PublicKeyCredentialDescriptor> descriptors) {
        List<String> ids = new ArrayList<>();
        if (descriptors != null) {
            descriptors.forEach(d -> ids.add(d.getId().toBase64UrlString()));
        }
        return String.join(",", ids);
    }

    static List<PublicKeyCredentialDescriptor> descriptors(String ids) {
        List<PublicKeyCredentialDescriptor> out = new ArrayList<>();
        if (ids != null) {
            for (String id : ids.split(",")) {
                if (!id.isEmpty()) {
                    out.add(PublicKeyCredentialDescriptor.builder().type(PublicKeyCredentialType.PUBLIC_KEY)
                            .id(Bytes.fromBase64(id)).build());
                }
            }
        }
        return out;
    }

    static String encode(Map<String, String> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> {
            if (v != null) {
                b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
            }
        });
        return b.toString();
    }

    /**
     * The fields when this is the challenge's first use (on any instance), else null. Loading is using: the ceremony
     * that loads a challenge verifies it at once, so a failed attempt spends it too. A second load in the same request
     * gets the same answer.
     */
    static Map<String, String> firstUse(HttpServletRequest request, String cookie, Map<String, String> m,
                                        CookieAuthorizationRequestRepository.SingleUse singleUse) {
        String attribute = CookieWebAuthnOptionsRepositories.class.getName() + "." + cookie;
        Object earlier = request.getAttribute(attribute);
        if (earlier != null) {
            return earlier instanceof Map<?, ?> ? m : null;
        }
        boolean first = m != null && m.get("challenge") != null && singleUse.firstUse(
                "webauthn-challenge#" + DynauthSecret.sha256Hex(m.get("challenge")),
                java.time.Instant.ofEpochMilli(Long.parseLong(m.get("exp"))).plusSeconds(60));
        request.setAttribute(attribute, first ? m : Boolean.FALSE);
        return first ? m : null;
    }

    /** The fields, or null when absent, forged or expired. */
    static Map<String, String> decode(String plain, Clock clock) {
        if (plain == null) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : plain.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        try {
            if (Long.parseLong(m.getOrDefault("exp", "0")) < clock.millis()) {
                return null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return m;
    }
}
