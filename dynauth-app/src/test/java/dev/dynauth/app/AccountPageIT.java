package dev.dynauth.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dynauth.local.DynamoDbLocalServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code serve} against a DynamoDB endpoint (as against AWS: the table is verified, created only with
 * --create-table), with the test reading and seeding the same table: every action of the account page.
 */
class AccountPageIT {
    static DynamoDbLocalServer ddb;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        ddb = DynamoDbLocalServer.builder().inMemory().start();
    }

    @AfterAll
    static void stop() {
        ddb.close();
    }

    @Test
    void everyActionOfTheAccountPage() throws Exception {
        String table = "account-page";
        try (ServeJarIT.Running app = new ServeJarIT.Running(dir, env("GITHUB_CLIENT_ID", "gh-client", "GITHUB_CLIENT_SECRET", "gh-secret"),
                "serve", "--endpoint", ddb.endpoint().toString(), "--table", table, "--create-table",
                "--secret", "test-secret", "--port", "0")) {
            int port = Integer.parseInt(app.await(ServeJarIT.SERVING, Duration.ofSeconds(120)).group(1));
            String base = "http://127.0.0.1:" + port;
            DynamoDbClient db = ddb.client();

            // the sign-in hub offers the configured OAuth provider, which starts at GitHub with Auth.js's callback
            ServeJarIT.Browser a = new ServeJarIT.Browser(base);
            assertEquals("/api/auth/signin", a.get("/").headers().firstValue("Location").orElseThrow(), "one sign-in page");
            String home = a.get("/api/auth/signin").body();
            assertTrue(home.contains("<link rel=icon type=\"image/svg+xml\" href=\"data:image/svg+xml,"), "a favicon");
            HttpResponse<String> icon = a.get("/favicon.ico");
            assertEquals(200, icon.statusCode());
            assertEquals("image/svg+xml", icon.headers().firstValue("Content-Type").orElseThrow().split(";")[0]);
            assertTrue(home.contains("Sign in with GitHub"), home);
            HttpResponse<String> github = a.get("/api/auth/signin/github");
            assertEquals(302, github.statusCode());
            String location = github.headers().firstValue("Location").orElseThrow();
            assertTrue(location.startsWith("https://github.com/login/oauth/authorize"), location);
            assertTrue(location.contains("redirect_uri=" + base + "/api/auth/callback/github"), location);

            a.signIn("linus@example.com");
            String userId = userId(db, table, "linus@example.com");
            put(db, table, item("pk", s("USER#" + userId), "sk", s("ACCOUNT#github#gh-42"),
                    "GSI1PK", s("ACCOUNT#github"), "GSI1SK", s("ACCOUNT#gh-42"), "type", s("oauth"),
                    "id", s("acc-1"), "userId", s(userId), "provider", s("github"), "providerAccountId", s("gh-42"),
                    "access_token", s("gho_NEVER_SHOWN")));
            put(db, table, item("pk", s("USER#" + userId), "sk", s("AUTHENTICATOR#Y3JlZC0x"),
                    "GSI1PK", s("AUTHENTICATOR#Y3JlZC0x"), "GSI1SK", s("AUTHENTICATOR#Y3JlZC0x"), "type", s("AUTHENTICATOR"),
                    "credentialID", s("Y3JlZC0x"), "userId", s(userId), "providerAccountId", s("Y3JlZC0x"),
                    "credentialPublicKey", s("cHVi"), "counter", AttributeValue.fromN("0"),
                    "credentialDeviceType", s("singleDevice"), "credentialBackedUp", AttributeValue.fromBool(false)));
            put(db, table, item("pk", s("USER#" + userId), "sk", s("ACCOUNT#webauthn#Y3JlZC0x"),
                    "GSI1PK", s("ACCOUNT#webauthn"), "GSI1SK", s("ACCOUNT#Y3JlZC0x"), "type", s("webauthn"),
                    "id", s("acc-2"), "userId", s(userId), "provider", s("webauthn"), "providerAccountId", s("Y3JlZC0x")));

            String page = a.get("/account").body();
            assertTrue(page.contains("gh-42") && page.contains("You have 1 passkey."), page);
            assertFalse(page.contains("gho_NEVER_SHOWN"), "provider tokens never reach the page");
            HttpResponse<String> missing = a.get("/no-such-page");
            assertEquals(404, missing.statusCode());
            assertTrue(missing.body().contains("There is no such page."), missing.body());

            // unlink the GitHub account
            assertEquals(303, a.post("/account/unlink", form(page, "provider", "github", "providerAccountId", "gh-42")).statusCode());
            assertFalse(exists(db, table, "USER#" + userId, "ACCOUNT#github#gh-42"));
            // someone else's account cannot be unlinked through the form
            assertEquals(404, a.post("/account/unlink", form(page, "provider", "github", "providerAccountId", "nope")).statusCode());

            // someone else's passkey cannot be removed through the passkeys page's form
            assertEquals(404, a.post("/webauthn/register/remove", form(page, "credentialId", "bm9wZQ")).statusCode());
            // remove the passkey on the passkeys page: the authenticator and its webauthn account
            assertTrue(a.get("/webauthn/register").body().contains("passkey"));
            assertEquals(302, a.post("/webauthn/register/remove", form(page, "credentialId", "Y3JlZC0x")).statusCode());
            assertFalse(exists(db, table, "USER#" + userId, "AUTHENTICATOR#Y3JlZC0x"));
            assertFalse(exists(db, table, "USER#" + userId, "ACCOUNT#webauthn#Y3JlZC0x"));
            assertTrue(a.get("/account").body().contains("No passkeys yet."));

            // a form without its CSRF token is refused with a plain error page
            HttpResponse<String> forged = a.post("/account/name", Map.of("name", "Mallory"));
            assertEquals(403, forged.statusCode(), forged.body());
            assertTrue(forged.body().contains("403 Forbidden") && !forged.body().contains("Whitelabel"), forged.body());

            // sign out everywhere: both devices
            ServeJarIT.Browser b = new ServeJarIT.Browser(base);
            b.signIn("linus@example.com");
            assertEquals(2, sessions(db, table, userId));
            assertEquals(303, a.post("/account/sessions/revoke-all", form(a.get("/account").body())).statusCode());
            assertEquals(0, sessions(db, table, userId));
            assertEquals(302, a.get("/account").statusCode());
            assertEquals(302, b.get("/account").statusCode());

            // delete the account
            a.signIn("linus@example.com");
            HttpResponse<String> unconfirmed = a.post("/account/delete", form(a.get("/account").body()));
            assertEquals(400, unconfirmed.statusCode());
            assertTrue(exists(db, table, "USER#" + userId, "USER#" + userId));
            HttpResponse<String> deleted = a.post("/account/delete", form(a.get("/account").body(), "confirm", "yes"));
            assertEquals(200, deleted.statusCode(), deleted.body());
            assertTrue(deleted.body().contains("Account deleted"));
            assertFalse(exists(db, table, "USER#" + userId, "USER#" + userId));
            assertEquals(302, a.get("/account").statusCode());

        }
    }

    @Test
    void againstAnEndpointAMissingTableIsNotCreatedWithoutCreateTable() throws Exception {
        try (ServeJarIT.Running app = new ServeJarIT.Running(dir, "serve", "--endpoint", ddb.endpoint().toString(),
                "--table", "not-there", "--secret", "s", "--port", "0")) {
            assertTrue(app.awaitExit(Duration.ofSeconds(120)));
            assertEquals(1, app.process.exitValue(), app.output());
            assertTrue(app.output().strip().lines().anyMatch(l -> l.startsWith("dynauth: table 'not-there' is not usable:")
                    && l.contains("does not exist")), app.output());
            assertFalse(app.output().contains("\tat "), app.output());
        }
        assertTrue(ddb.client().listTables().tableNames().stream().noneMatch("not-there"::equals));
    }

    @Test
    void againstAnEndpointASecretIsRequired() throws Exception {
        try (ServeJarIT.Running app = new ServeJarIT.Running(dir, "serve", "--endpoint", ddb.endpoint().toString(),
                "--create-table", "--port", "0")) {
            assertTrue(app.awaitExit(Duration.ofSeconds(120)));
            assertEquals(2, app.process.exitValue(), app.output());
            assertTrue(app.output().contains("dynauth: no secret: set AUTH_SECRET"), app.output());
        }
    }

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private static Map<String, String> form(String page, String... kv) {
        Map<String, String> m = env(kv);
        m.put("_csrf", ServeJarIT.Browser.csrfField(page));
        return m;
    }

    private static Map<String, AttributeValue> item(Object... kv) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (AttributeValue) kv[i + 1]);
        return m;
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static void put(DynamoDbClient db, String table, Map<String, AttributeValue> item) {
        db.putItem(r -> r.tableName(table).item(item));
    }

    private static boolean exists(DynamoDbClient db, String table, String pk, String sk) {
        var item = db.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of("pk", s(pk), "sk", s(sk)))).item();
        return item != null && !item.isEmpty();
    }

    private static long sessions(DynamoDbClient db, String table, String userId) {
        return db.query(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :s)")
                .expressionAttributeValues(Map.of(":pk", s("USER#" + userId), ":s", s("SESSION#")))).count();
    }

    private static String userId(DynamoDbClient db, String table, String email) {
        List<Map<String, AttributeValue>> items = db.query(r -> r.tableName(table).indexName("GSI1")
                .keyConditionExpression("GSI1PK = :k").expressionAttributeValues(Map.of(":k", s("USER#" + email)))).items();
        assertEquals(1, items.size(), "one user for " + email);
        return items.get(0).get("id").s();
    }

}
