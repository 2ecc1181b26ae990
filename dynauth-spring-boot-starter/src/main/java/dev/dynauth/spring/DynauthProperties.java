package dev.dynauth.spring;

import dev.dynauth.spring.web.AuthPaths;

import dev.dynauth.TableOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Configuration under {@code dynauth.*}. */
@ConfigurationProperties("dynauth")
public class DynauthProperties {

    /** Table name (npm option {@code tableName}). */
    private String tableName = "next-auth";
    /** Partition key attribute (npm option {@code partitionKey}). */
    private String partitionKey = "pk";
    /** Sort key attribute (npm option {@code sortKey}). */
    private String sortKey = "sk";
    /** Global secondary index name (npm option {@code indexName}). */
    private String indexName = "GSI1";
    /** Index partition key attribute (npm option {@code indexPartitionKey}). */
    private String indexPartitionKey = "GSI1PK";
    /** Index sort key attribute (npm option {@code indexSortKey}). */
    private String indexSortKey = "GSI1SK";
    /**
     * Create the table when it does not exist. Defaults to true in embedded mode and false against AWS.
     */
    private Boolean createTableIfMissing;
    /**
     * Secret for hashing magic-link tokens ({@code sha256hex(token + secret)}); must equal the Auth.js app's
     * {@code AUTH_SECRET} to share links with it. Falls back to the {@code AUTH_SECRET} and
     * {@code NEXTAUTH_SECRET} environment variables. Required against AWS; generated (with a warning) in
     * embedded mode.
     */
    private String secret;
    /** Whether the default security filter chain protects every other path (true) or none (false). */
    private boolean protectAll = true;
    /** Paths the default filter chain leaves public, besides {@code /api/auth/**} and {@code /error}. */
    private java.util.List<String> publicPaths = new java.util.ArrayList<>();
    /**
     * Where signed-out users asking for a protected page are sent (Auth.js {@code pages.signIn}): the
     * starter's own page, or a path (or absolute URL) of the application's own sign-in page. A path is
     * left public by the default filter chain. The page may post the email form to
     * {@code /api/auth/signin/email} and link to {@code /api/auth/signin/{registrationId}}.
     */
    private String signInPage = AuthPaths.SIGNIN;
    /**
     * The application's public URL, e.g. {@code https://app.example.com}: every absolute URL (links in mails,
     * OAuth2 redirect URIs, the passkey origin and relying-party id) is built from it. Falls back to the
     * {@code AUTH_URL} and {@code NEXTAUTH_URL} environment variables, as Auth.js. An https URL makes cookies
     * Secure ({@code __Secure-authjs.session-token}).
     */
    private String url;
    /**
     * Without {@link #url}: build absolute URLs from the request's host (Auth.js {@code AUTH_TRUST_HOST}), for
     * a proxy that sets {@code Host} itself. Falls back to the {@code AUTH_TRUST_HOST} environment variable.
     * Neither set: only loopback requests are served (development), and the application does not start unless
     * it runs embedded or on a loopback {@code server.address}.
     */
    private Boolean trustHost;

    private final Session session = new Session();
    private final Cookie cookie = new Cookie();
    private final DynamoDb dynamodb = new DynamoDb();
    private final Email email = new Email();
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final Passkeys passkeys = new Passkeys();
    private final MagicLink magicLink = new MagicLink();

    public TableOptions toTableOptions() {
        return TableOptions.builder().tableName(tableName).partitionKey(partitionKey).sortKey(sortKey)
                .indexName(indexName).indexPartitionKey(indexPartitionKey).indexSortKey(indexSortKey).build();
    }

    /** Sessions, as Auth.js's {@code session} options. */
    public static class Session {
        /**
         * Auth.js's {@code session.strategy}: {@code database} (a session item per sign-in), {@code jwt} (an
         * encrypted cookie, no DynamoDB request per request), or both ({@code database,jwt} or
         * {@code jwt,database}) during a migration: a request carrying either cookie is signed in, and sign-in
         * issues the first one listed.
         */
        private java.util.List<Strategy> strategy = new java.util.ArrayList<>(java.util.List.of(Strategy.DATABASE));
        private final Jwt jwt = new Jwt();

        public java.util.List<Strategy> getStrategy() { return strategy; }
        public void setStrategy(java.util.List<Strategy> strategy) {
            if (strategy == null || strategy.isEmpty()) {
                throw new IllegalArgumentException("dynauth.session.strategy needs database, jwt or both");
            }
            this.strategy = new java.util.ArrayList<>(new java.util.LinkedHashSet<>(strategy));
        }
        public Jwt getJwt() { return jwt; }

        /** Lifetime of a session after its last extension (Auth.js {@code maxAge}). */
        private Duration maxAge = Duration.ofDays(30);
        /** How often a session is extended (Auth.js {@code updateAge}); 0 extends on every request. */
        private Duration updateAge = Duration.ofHours(24);
        /**
         * How many Auth.js session tokens (which do not carry their owner) have their owner remembered, so that from
         * their second request on they cost one DynamoDB request, as dynauth's own tokens always do; 0 turns it off.
         */
        private int ownerCacheSize = dev.dynauth.DynamoDbAdapter.Builder.DEFAULT_SESSION_OWNER_CACHE_SIZE;

        public Duration getMaxAge() { return maxAge; }
        public int getOwnerCacheSize() { return ownerCacheSize; }
        public void setOwnerCacheSize(int ownerCacheSize) { this.ownerCacheSize = ownerCacheSize; }
        public void setMaxAge(Duration maxAge) { this.maxAge = maxAge; }
        public Duration getUpdateAge() { return updateAge; }
        public void setUpdateAge(Duration updateAge) { this.updateAge = updateAge; }
        /**
         * Absolute lifetime of a session from sign-in, however active (OWASP ASVS 7.3.2); unset (the default, as
         * Auth.js) means only the sliding {@link #maxAge}. A session older than this is signed out.
         */
        private Duration maxLifetime;

        public Duration getMaxLifetime() { return maxLifetime; }
        public void setMaxLifetime(Duration maxLifetime) { this.maxLifetime = maxLifetime; }
    }

    /** Magic-link sign-in beyond Auth.js. */
    public static class MagicLink {
        /**
         * Show a "Sign in as ..." page on GET and consume the link only when it is submitted (POST), so mail
         * scanners that follow links cannot use them up. Off by default (Auth.js consumes on GET).
         */
        private boolean confirm = false;

        public boolean isConfirm() { return confirm; }
        public void setConfirm(boolean confirm) { this.confirm = confirm; }
    }

    /** Session strategies ({@code dynauth.session.strategy}). */
    public enum Strategy { DATABASE, JWT }

    /** JWT sessions ({@code dynauth.session.strategy} includes {@code jwt}). */
    public static class Jwt {
        /**
         * Whose tokens: {@code authjs} ({@code @auth/core}, next-auth v5; key salted with the cookie name) or
         * {@code nextauth-v4} (next-auth v4; set {@code dynauth.cookie.name=next-auth.session-token} too).
         */
        private dev.dynauth.jwt.AuthJsJwt.Format format = dev.dynauth.jwt.AuthJsJwt.Format.AUTHJS;
        /**
         * Secrets for the token key, first one encodes, any decodes. Unset: as {@code @auth/core} reads its
         * environment, {@code AUTH_SECRET_3}, {@code AUTH_SECRET_2}, {@code AUTH_SECRET_1} (those set), then
         * {@code dynauth.secret} (or {@code AUTH_SECRET}).
         */
        private java.util.List<String> secrets = new java.util.ArrayList<>();
        /**
         * Opt-in revocation: sign-out stores {@code signedOutBefore} (epoch seconds) on the user item and every
         * request reads the user item (one GetItem) and refuses tokens issued before it, or whose user is gone.
         */
        private boolean revokeOnSignOut = false;

        public dev.dynauth.jwt.AuthJsJwt.Format getFormat() { return format; }
        public void setFormat(dev.dynauth.jwt.AuthJsJwt.Format format) { this.format = format; }
        public java.util.List<String> getSecrets() { return secrets; }
        public void setSecrets(java.util.List<String> secrets) { this.secrets = secrets; }
        public boolean isRevokeOnSignOut() { return revokeOnSignOut; }
        public void setRevokeOnSignOut(boolean revokeOnSignOut) { this.revokeOnSignOut = revokeOnSignOut; }

        @Override
        public String toString() {
            return "Jwt[format=" + format + ", secrets=" + secrets.size() + ", revokeOnSignOut=" + revokeOnSignOut + "]";
        }
    }

    /** The session cookie. */
    public static class Cookie {
        /** Cookie name; {@code __Secure-} is prepended when the cookie is secure. */
        private String name = "authjs.session-token";
        /** Secure flag: true, false, or unset to follow the request's scheme (https means secure). */
        private Boolean secure;
        /** Also accept next-auth v4's {@code next-auth.session-token} / {@code __Secure-next-auth.session-token}. */
        private boolean acceptLegacyNames = false;
        /** Optional cookie domain, e.g. to share the cookie with a Next.js app on a sibling sub-domain. */
        private String domain;

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public Boolean getSecure() { return secure; }
        public void setSecure(Boolean secure) { this.secure = secure; }
        public boolean isAcceptLegacyNames() { return acceptLegacyNames; }
        public void setAcceptLegacyNames(boolean acceptLegacyNames) { this.acceptLegacyNames = acceptLegacyNames; }
        public String getDomain() { return domain; }
        public void setDomain(String domain) { this.domain = domain; }
    }

    /** Where the DynamoDB client comes from when the application defines none. */
    public static class DynamoDb {
        /** {@code aws} or {@code embedded}; unset means embedded unless some AWS configuration is present. */
        private Mode mode;
        /** AWS region; else {@code NEXT_AUTH_AWS_REGION}, else the SDK's default region chain. */
        private String region;
        /** Endpoint override, e.g. {@code http://127.0.0.1:8000} for a DynamoDB Local server. */
        private String endpoint;
        /** Embedded mode: directory of a persistent database; in memory when unset. */
        private String dataDir;
        /**
         * Longest a DynamoDB call may take, retries included, on the client the starter builds: a request never
         * hangs on an unreachable DynamoDB (it gets a 503 page instead).
         */
        private Duration apiCallTimeout = Duration.ofSeconds(3);
        /** Longest one attempt of a DynamoDB call may take on the client the starter builds. */
        private Duration apiCallAttemptTimeout = Duration.ofSeconds(1);

        public Mode getMode() { return mode; }
        public void setMode(Mode mode) { this.mode = mode; }
        public String getRegion() { return region; }
        public void setRegion(String region) { this.region = region; }
        public String getEndpoint() { return endpoint; }
        public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
        public String getDataDir() { return dataDir; }
        public void setDataDir(String dataDir) { this.dataDir = dataDir; }
        public Duration getApiCallTimeout() { return apiCallTimeout; }
        public void setApiCallTimeout(Duration apiCallTimeout) { this.apiCallTimeout = apiCallTimeout; }
        public Duration getApiCallAttemptTimeout() { return apiCallAttemptTimeout; }
        public void setApiCallAttemptTimeout(Duration d) { this.apiCallAttemptTimeout = d; }
    }

    /** DynamoDB client mode. */
    public enum Mode { AWS, EMBEDDED }

    /** Magic links (Auth.js email provider). */
    public static class Email {
        /** Whether the magic-link endpoints are active. */
        private boolean enabled = true;
        /**
         * How long a link stays valid (Auth.js email provider {@code maxAge}). 10 minutes, as OWASP ASVS 6.5.5
         * asks; Auth.js's default is 24 hours: set {@code 24h} only to match an Auth.js app sharing the table.
         */
        private Duration maxAge = Duration.ofMinutes(10);
        /** Sender address for mails sent through Spring Mail. */
        private String from = "no-reply@localhost";
        /** Most link requests per identifier within {@link #rateLimitWindow}; 0 disables the limit. */
        private int rateLimit = 5;
        /** Window of the per-identifier rate limit. */
        private Duration rateLimitWindow = Duration.ofMinutes(15);
        /** Most link requests per client IP address within {@link #clientRateLimitWindow}; 0 disables it. */
        private int clientRateLimit = 20;
        /** Window of the per-client rate limit. */
        private Duration clientRateLimitWindow = Duration.ofMinutes(15);
        /** Most links sent by the whole application (all instances) within {@link #globalRateLimitWindow}; 0 disables it. */
        private int globalRateLimit = 1000;
        /** Window of the global rate limit. */
        private Duration globalRateLimitWindow = Duration.ofHours(1);
        /**
         * Log links (with their token) instead of mailing them when no mail sender is configured. Meant for
         * development only; defaults to true in embedded mode.
         */
        private Boolean logLinks;

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getMaxAge() { return maxAge; }
        public void setMaxAge(Duration maxAge) { this.maxAge = maxAge; }
        public String getFrom() { return from; }
        public void setFrom(String from) { this.from = from; }
        public int getRateLimit() { return rateLimit; }
        public void setRateLimit(int rateLimit) { this.rateLimit = rateLimit; }
        public Duration getRateLimitWindow() { return rateLimitWindow; }
        public void setRateLimitWindow(Duration rateLimitWindow) { this.rateLimitWindow = rateLimitWindow; }
        public int getClientRateLimit() { return clientRateLimit; }
        public void setClientRateLimit(int clientRateLimit) { this.clientRateLimit = clientRateLimit; }
        public Duration getClientRateLimitWindow() { return clientRateLimitWindow; }
        public void setClientRateLimitWindow(Duration d) { this.clientRateLimitWindow = d; }
        public int getGlobalRateLimit() { return globalRateLimit; }
        public void setGlobalRateLimit(int globalRateLimit) { this.globalRateLimit = globalRateLimit; }
        public Duration getGlobalRateLimitWindow() { return globalRateLimitWindow; }
        public void setGlobalRateLimitWindow(Duration d) { this.globalRateLimitWindow = d; }
        public Boolean getLogLinks() { return logLinks; }
        public void setLogLinks(Boolean logLinks) { this.logLinks = logLinks; }
    }

    /** Passkeys (Spring Security {@code webAuthn}) on Auth.js authenticators. */
    public static class Passkeys {
        /** Turn passkey registration and sign-in on. */
        private boolean enabled = false;
        /**
         * Relying party id: the site's registrable domain, e.g. {@code example.com}. Unset: the host of
         * {@code dynauth.url}, else (development on loopback, or {@code trust-host}) the request's host.
         */
        private String rpId;
        /** Relying party name shown by authenticators. */
        private String rpName = "dynauth";
        /**
         * Origins allowed to use passkeys, e.g. {@code https://app.example.com}. Unset: the origin of
         * {@code dynauth.url}, else (development on loopback, or {@code trust-host}) the request's origin.
         */
        private java.util.Set<String> allowedOrigins = new java.util.LinkedHashSet<>();

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getRpId() { return rpId; }
        public void setRpId(String rpId) { this.rpId = rpId; }
        public String getRpName() { return rpName; }
        public void setRpName(String rpName) { this.rpName = rpName; }
        public java.util.Set<String> getAllowedOrigins() { return allowedOrigins; }
        public void setAllowedOrigins(java.util.Set<String> allowedOrigins) { this.allowedOrigins = allowedOrigins; }
    }

    /** Per OAuth2 provider (by Spring registration id) options. */
    public static class Provider {
        /** Auth.js {@code allowDangerousEmailAccountLinking}: link to an existing user with the same email. */
        private boolean allowDangerousEmailAccountLinking = false;

        public boolean isAllowDangerousEmailAccountLinking() { return allowDangerousEmailAccountLinking; }
        public void setAllowDangerousEmailAccountLinking(boolean v) { this.allowDangerousEmailAccountLinking = v; }
    }

    public String getTableName() { return tableName; }
    public void setTableName(String tableName) { this.tableName = tableName; }
    public String getPartitionKey() { return partitionKey; }
    public void setPartitionKey(String partitionKey) { this.partitionKey = partitionKey; }
    public String getSortKey() { return sortKey; }
    public void setSortKey(String sortKey) { this.sortKey = sortKey; }
    public String getIndexName() { return indexName; }
    public void setIndexName(String indexName) { this.indexName = indexName; }
    public String getIndexPartitionKey() { return indexPartitionKey; }
    public void setIndexPartitionKey(String indexPartitionKey) { this.indexPartitionKey = indexPartitionKey; }
    public String getIndexSortKey() { return indexSortKey; }
    public void setIndexSortKey(String indexSortKey) { this.indexSortKey = indexSortKey; }
    public Boolean getCreateTableIfMissing() { return createTableIfMissing; }
    public void setCreateTableIfMissing(Boolean createTableIfMissing) { this.createTableIfMissing = createTableIfMissing; }
    public String getSecret() { return secret; }
    public void setSecret(String secret) { this.secret = secret; }
    public boolean isProtectAll() { return protectAll; }
    public void setProtectAll(boolean protectAll) { this.protectAll = protectAll; }
    public java.util.List<String> getPublicPaths() { return publicPaths; }
    public void setPublicPaths(java.util.List<String> publicPaths) { this.publicPaths = publicPaths; }
    public String getSignInPage() { return signInPage; }
    public void setSignInPage(String signInPage) {
        this.signInPage = signInPage == null || signInPage.isBlank() ? AuthPaths.SIGNIN : signInPage.trim();
    }
    public Session getSession() { return session; }
    public Cookie getCookie() { return cookie; }
    public DynamoDb getDynamodb() { return dynamodb; }
    public Email getEmail() { return email; }
    public Map<String, Provider> getProviders() { return providers; }
    public Passkeys getPasskeys() { return passkeys; }
    public MagicLink getMagicLink() { return magicLink; }
    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public Boolean getTrustHost() { return trustHost; }
    public void setTrustHost(Boolean trustHost) { this.trustHost = trustHost; }

    @Override
    public String toString() {
        return "DynauthProperties[table=" + tableName + ", secret=<redacted>]";
    }
}
