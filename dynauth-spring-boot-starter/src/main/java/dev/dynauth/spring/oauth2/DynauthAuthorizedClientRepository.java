package dev.dynauth.spring.oauth2;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;

/**
 * Authorized clients for the web layer. During an OAuth2 login the principal is not yet a dynauth
 * user, so the client is kept in the request for {@link DynauthOAuth2LoginHandler}, which stores its
 * tokens in the Account item; afterwards the {@link OAuth2AuthorizedClientService} is used with the
 * dynauth user id as principal name. Never uses the HttpSession.
 */
class DynauthAuthorizedClientRepository implements OAuth2AuthorizedClientRepository {

    static final String LOGIN_CLIENT = DynauthAuthorizedClientRepository.class.getName() + ".login";

    private final OAuth2AuthorizedClientService service;

    public DynauthAuthorizedClientRepository(OAuth2AuthorizedClientService service) {
        this.service = service;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String clientRegistrationId, Authentication principal,
                                                                     HttpServletRequest request) {
        Object login = request.getAttribute(LOGIN_CLIENT);
        if (login instanceof OAuth2AuthorizedClient c
                && c.getClientRegistration().getRegistrationId().equals(clientRegistrationId)) {
            return (T) c;
        }
        if (principal == null || principal instanceof OAuth2AuthenticationToken) {
            return null;
        }
        return service.loadAuthorizedClient(clientRegistrationId, principal.getName());
    }

    @Override
    public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal,
                                     HttpServletRequest request, HttpServletResponse response) {
        if (principal instanceof OAuth2AuthenticationToken) {
            request.setAttribute(LOGIN_CLIENT, authorizedClient);
            return;
        }
        if (principal != null) {
            service.saveAuthorizedClient(authorizedClient, principal);
        }
    }

    @Override
    public void removeAuthorizedClient(String clientRegistrationId, Authentication principal, HttpServletRequest request,
                                       HttpServletResponse response) {
        request.removeAttribute(LOGIN_CLIENT);
        if (principal != null && !(principal instanceof OAuth2AuthenticationToken)) {
            service.removeAuthorizedClient(clientRegistrationId, principal.getName());
        }
    }
}
