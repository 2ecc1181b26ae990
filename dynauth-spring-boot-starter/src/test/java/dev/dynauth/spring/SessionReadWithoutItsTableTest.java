package dev.dynauth.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterSession;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbTables;
import dev.dynauth.SessionTokens;
import dev.dynauth.TableOptions;
import dev.dynauth.jwt.AuthJsJwt;
import dev.dynauth.spring.app.TestApp;
import dev.dynauth.spring.web.DynamoDbFaults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Fail closed on a configuration error (parity with Auth.js's 2026-06 fix): when the table the service is configured
 * with is gone (DynamoDB answers ResourceNotFoundException, no retry helps), neither a database session nor a JWT whose
 * revocation must be checked yields a session on any path. Real DynamoDB Local; the table is really deleted. The class
 * shares its context with the other {@link MigrationWithRevocationTest} classes, so after each test the table is made
 * again as the starter makes it at start-up (empty: no test of those classes needs another's items).
 */
@MigrationWithRevocationTest
class SessionReadWithoutItsTableTest {

    static final String COOKIE = "authjs.session-token";

    @Autowired MockMvc mvc;
    @Autowired Adapter adapter;
    @Autowired DynamoDbClient client;
    @Autowired TestApp.MutableClock clock;
    @Autowired TableOptions options;

    @AfterEach
    void tableBack() {
        DynamoDbTables.createIfMissing(client, options);
    }

    @Test
    void aMissingTableSignsNobodyInOnAnyPath() throws Exception {
        AdapterUser user = adapter.createUser(AdapterUser.builder().email(UUID.randomUUID() + "@example.com").build());
        String token = SessionTokens.issue(user.id());
        adapter.createSession(new AdapterSession(token, user.id(), clock.instant().plus(Duration.ofDays(30))));
        String jwt = AuthJsJwt.builder().cookieName(COOKIE).secrets("test-secret-not-for-production").clock(clock).build()
                .encode(Map.of("sub", user.id(), "email", user.email()), Duration.ofDays(30));
        for (String cookie : List.of(token, jwt)) {
            Browser control = new Browser(mvc);
            control.cookies.put(COOKIE, cookie);
            assertEquals(200, control.get("/me").getResponse().getStatus(), "the control: the session is good");
        }

        client.deleteTable(b -> b.tableName(options.tableName()));
        int errors = 0;

        for (String cookie : List.of(token, jwt)) {
            for (String path : List.of("/me", "/api/auth/session", "/api/auth/signin", "/public/hello")) {
                Browser b = new Browser(mvc);
                b.cookies.put(COOKIE, cookie);
                MvcResult r;
                try {
                    r = b.get(path);
                } catch (Exception e) {
                    // a misconfiguration is the server's error (the container's 500): no answer, so no session
                    assertFalse(DynamoDbFaults.unavailable(e), "a missing table is not \"try again\"");
                    errors++;
                    continue;
                }
                String body = r.getResponse().getContentAsString();
                assertFalse(body.contains(user.email()) || body.contains(user.id()), path + ": " + body);
                if (path.equals("/me")) {
                    assertNotEquals(200, r.getResponse().getStatus(), path + " answered as the user");
                }
            }
        }
        assertNotEquals(0, errors, "the session reads did meet the missing table");
    }
}
