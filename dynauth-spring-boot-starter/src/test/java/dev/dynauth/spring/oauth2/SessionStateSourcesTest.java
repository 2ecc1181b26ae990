package dev.dynauth.spring.oauth2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Where the provider's {@code session_state} comes from: the token response (captured by the user services,
 * see OAuth2LoginTest against a real provider), else the authorization response's query.
 */
class SessionStateSourcesTest {

    @Test
    void theTokenResponsesValueWinsOverTheAuthorizationResponses() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/auth/callback/idp");
        assertNull(DynauthOAuth2.sessionState(request));
        request.setParameter("session_state", "from-authorization-response");
        assertEquals("from-authorization-response", DynauthOAuth2.sessionState(request));
        request.setAttribute(DynauthOAuth2.SESSION_STATE, "from-token-response");
        assertEquals("from-token-response", DynauthOAuth2.sessionState(request));
    }

    @Test
    void anEmptyOrOverlongQueryValueIsIgnored() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/auth/callback/idp");
        request.setParameter("session_state", "");
        assertNull(DynauthOAuth2.sessionState(request));
        request.setParameter("session_state", "x".repeat(1025));
        assertNull(DynauthOAuth2.sessionState(request));
    }
}
