package dev.dynauth.spring;

import org.junit.jupiter.api.AfterEach;

/**
 * {@link SignInOverHttpCases} on the servlet stack (Tomcat), in {@link HostileInputTest}'s context
 * ({@link TomcatAppTest}).
 */
@TomcatAppTest
class RealServerTest extends SignInOverHttpCases {

    /**
     * HostileInputTest counts the sessions in the context's table (its own and its real link's): a session a case
     * leaves signed in is deleted, as signing out would.
     */
    @AfterEach
    void deleteTheSessionLeftSignedIn() {
        String token = sessionToken();
        if (token != null) {
            adapter.deleteSession(token);
        }
    }
}
