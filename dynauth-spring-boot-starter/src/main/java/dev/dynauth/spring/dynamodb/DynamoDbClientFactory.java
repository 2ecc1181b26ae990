package dev.dynauth.spring.dynamodb;

import dev.dynauth.spring.DynauthProperties;

import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** Decides between AWS and embedded DynamoDB Local and builds the AWS client. */
public final class DynamoDbClientFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbClientFactory.class);

    /** Environment variables of the seed (Auth.js docs) and of the AWS SDK that mean "AWS is configured". */
    public static final List<String> AWS_HINTS = List.of("NEXT_AUTH_AWS_ACCESS_KEY", "NEXT_AUTH_AWS_SECRET_KEY",
            "NEXT_AUTH_AWS_REGION", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_PROFILE",
            "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");

    private DynamoDbClientFactory() {}

    public static DynauthProperties.Mode mode(DynauthProperties.DynamoDb config, Environment env) {
        return mode(config, env, true);
    }

    /**
     * The mode: the configured one, else AWS when some AWS configuration is present, else embedded when
     * dynauth-local is on the classpath ({@code embeddedAvailable}), else AWS with the SDK's default chains.
     */
    public static DynauthProperties.Mode mode(DynauthProperties.DynamoDb config, Environment env, boolean embeddedAvailable) {
        if (config.getMode() != null) {
            LOG.info("dynauth: DynamoDB mode {} (dynauth.dynamodb.mode)", config.getMode().name().toLowerCase());
            return config.getMode();
        }
        if (notBlank(config.getRegion()) || notBlank(config.getEndpoint())) {
            LOG.info("dynauth: DynamoDB mode aws (dynauth.dynamodb.region/endpoint set)");
            return DynauthProperties.Mode.AWS;
        }
        for (String hint : AWS_HINTS) {
            if (notBlank(env.getProperty(hint))) {
                LOG.info("dynauth: DynamoDB mode aws ({} is set)", hint);
                return DynauthProperties.Mode.AWS;
            }
        }
        if (!embeddedAvailable) {
            LOG.info("dynauth: DynamoDB mode aws (no AWS configuration found, and dynauth-local is not on the classpath "
                    + "for an embedded DynamoDB Local): region and credentials from the AWS SDK's default chains");
            return DynauthProperties.Mode.AWS;
        }
        LOG.warn("dynauth: no AWS configuration found: using an embedded DynamoDB Local ({}). Set "
                + "dynauth.dynamodb.mode=aws and a region for production.",
                notBlank(config.getDataDir()) ? "data in " + config.getDataDir() : "in memory, lost on shutdown");
        return DynauthProperties.Mode.EMBEDDED;
    }

    public static DynamoDbClient aws(DynauthProperties.DynamoDb config, Environment env) {
        // a connection for every request thread of the server, kept alive; bounded calls: a request path never
        // waits through the SDK's retries for minutes on an unreachable DynamoDB
        DynamoDbClientBuilder b = DynamoDbClient.builder().httpClientBuilder(DynauthHttpClient.pooled(
                        env.getProperty("server.tomcat.threads.max", Integer.class, DynauthHttpClient.DEFAULT_SERVER_THREADS))
                        .connectionTimeout(config.getApiCallAttemptTimeout()))
                .overrideConfiguration(o -> o.apiCallTimeout(config.getApiCallTimeout())
                        .apiCallAttemptTimeout(config.getApiCallAttemptTimeout()));
        return locate(b, config, env).build();
    }

    /**
     * The non-blocking client of a reactive application: the AWS CRT HTTP client (no Netty of its own, so none that
     * clashes with the Netty 4.2 of Spring Boot 4; see the README "WebFlux"), with the same bounded call timeouts,
     * credentials, region and endpoint as {@link #aws}.
     */
    public static software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient awsAsync(DynauthProperties.DynamoDb config,
                                                                                     Environment env, int maxConnections) {
        var b = software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient.builder()
                .httpClientBuilder(software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient.builder()
                        .maxConcurrency(maxConnections).connectionTimeout(config.getApiCallAttemptTimeout()))
                .overrideConfiguration(o -> o.apiCallTimeout(config.getApiCallTimeout())
                        .apiCallAttemptTimeout(config.getApiCallAttemptTimeout()));
        return locate(b, config, env).build();
    }

    /** Credentials, region and endpoint of either client, from {@code dynauth.dynamodb.*} and the Auth.js variables. */
    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B locate(
            B b, DynauthProperties.DynamoDb config, Environment env) {
        String key = env.getProperty("NEXT_AUTH_AWS_ACCESS_KEY");
        String secret = env.getProperty("NEXT_AUTH_AWS_SECRET_KEY");
        if (notBlank(key) && notBlank(secret)) {
            b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)));
        } else {
            b.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        String region = notBlank(config.getRegion()) ? config.getRegion() : env.getProperty("NEXT_AUTH_AWS_REGION");
        if (notBlank(region)) {
            b.region(Region.of(region));
        }
        if (notBlank(config.getEndpoint())) {
            b.endpointOverride(URI.create(config.getEndpoint()));
        }
        LOG.info("dynauth: DynamoDB client for region {}{}", notBlank(region) ? region : "<SDK default chain>",
                notBlank(config.getEndpoint()) ? " at " + config.getEndpoint() : "");
        return b;
    }

    public static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
