package dev.dynauth.spring.autoconfigure;

import dev.dynauth.spring.dynamodb.DynamoDbClientFactory;
import dev.dynauth.spring.dynamodb.DynauthHealthIndicator;
import dev.dynauth.spring.DynauthProperties;
import dev.dynauth.spring.web.DynauthSecret;
import dev.dynauth.spring.dynamodb.EmbeddedDynamoDb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dynauth.Adapter;
import dev.dynauth.AdapterUser;
import dev.dynauth.DynamoDbTables;
import dev.dynauth.TableOptions;
import dev.dynauth.local.DynamoDbLocal;
import dev.dynauth.local.DynamoDbLocalExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Which DynamoDB client, secret, clock and table the auto-configuration picks. */
public class AutoConfigurationTest {

    static DynamoDbLocal local;

    /** Blank values hide whatever AWS or Auth.js configuration the machine running the tests has. */
    public static final String[] NO_AMBIENT_CONFIGURATION = java.util.stream.Stream.concat(
            DynamoDbClientFactory.AWS_HINTS.stream(), java.util.stream.Stream.of("AUTH_SECRET", "NEXTAUTH_SECRET"))
            .map(name -> name + "=").toArray(String[]::new);

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DynauthAutoConfiguration.class))
            .withPropertyValues(NO_AMBIENT_CONFIGURATION);

    @BeforeAll
    static void start() {
        local = DynamoDbLocalExtension.sharedServer(); // the run's one DynamoDB Local; its tables are named per test
    }

    @Test
    void theApplicationsOwnClientIsUsed() {
        TableOptions options = TableOptions.builder().tableName("own-client").build();
        DynamoDbTables.createIfMissing(local.client(), options);
        runner.withBean(DynamoDbClient.class, () -> local.client(), bd -> bd.setDestroyMethodName(""))
                .withPropertyValues("dynauth.table-name=own-client", "dynauth.secret=s3cret")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx).doesNotHaveBean(EmbeddedDynamoDb.class);
                    assertThat(ctx).doesNotHaveBean(DynauthAutoConfiguration.DynauthMode.class);
                    assertThat(ctx.getBean(DynamoDbClient.class)).isSameAs(local.client());
                    AdapterUser u = ctx.getBean(Adapter.class).createUser(AdapterUser.builder().email("own@example.com").build());
                    assertThat(ctx.getBean(Adapter.class).getUser(u.id())).isPresent();
                    assertThat(ctx.getBean(TableOptions.class).tableName()).isEqualTo("own-client");
                });
    }

    @Test
    void embeddedIsTheDefaultWithoutAwsConfigurationAndCreatesTheTable() {
        runner.withPropertyValues("dynauth.table-name=embedded-default").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx.getBean(DynauthAutoConfiguration.DynauthMode.class).embedded()).isTrue();
            DynauthSecret secret = ctx.getBean(DynauthSecret.class);
            assertThat(secret.generated()).isTrue();
            assertThat(secret.toString()).doesNotContain(secret.hashToken(""));
            assertThat(DynamoDbTables.verify(ctx.getBean(DynamoDbClient.class),
                    ctx.getBean(TableOptions.class)).ok()).isTrue();
            assertThat(ctx.getBean(Adapter.class).getUserByEmail("nobody@example.com")).isEmpty();
        });
    }

    @Test
    void withoutDynauthLocalEmbeddedModeIsAClearStartUpError() {
        runner.withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader("dev.dynauth.local"))
                .withPropertyValues("dynauth.dynamodb.mode=embedded", "dynauth.secret=s")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure()).rootCause()
                            .hasMessageContaining("dynauth.dynamodb.mode=embedded needs DynamoDB Local")
                            .hasMessageContaining("dev.dynauth:dynauth-local");
                });
    }

    @Test
    void withoutDynauthLocalTheDefaultIsAws() {
        runner.withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader("dev.dynauth.local"))
                .withPropertyValues("dynauth.secret=s")
                .withSystemProperties("aws.region=eu-west-1")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(DynauthAutoConfiguration.DynauthMode.class).embedded()).isFalse();
                    assertThat(ctx).doesNotHaveBean("dynauthEmbeddedDynamoDbStarter");
                    assertThat(ctx.getBean(DynamoDbClient.class).serviceClientConfiguration().region())
                            .isEqualTo(Region.EU_WEST_1);
                });
        // and without a secret, the usual AWS start-up error rather than a surprise embedded database
        runner.withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader("dev.dynauth.local"))
                .withSystemProperties("aws.region=eu-west-1")
                .run(ctx -> assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("dynauth.secret is not set"));
    }

    @Test
    void seedEnvironmentVariablesSelectAwsWithStaticCredentialsAndRegion() {
        runner.withPropertyValues("NEXT_AUTH_AWS_ACCESS_KEY=AKIDEXAMPLE", "NEXT_AUTH_AWS_SECRET_KEY=example-secret-key",
                        "NEXT_AUTH_AWS_REGION=eu-west-3", "AUTH_SECRET=from-env")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(DynauthAutoConfiguration.DynauthMode.class).embedded()).isFalse();
                    assertThat(ctx).doesNotHaveBean(EmbeddedDynamoDb.class);
                    DynamoDbClient client = ctx.getBean(DynamoDbClient.class);
                    assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_3);
                    AwsCredentialsIdentity id = client.serviceClientConfiguration().credentialsProvider()
                            .resolveIdentity().join();
                    assertThat(id.accessKeyId()).isEqualTo("AKIDEXAMPLE");
                    assertThat(ctx.getBean(DynauthSecret.class).generated()).isFalse();
                    assertThat(ctx.getBean(DynauthSecret.class).hashToken("t"))
                            .isEqualTo(DynauthSecret.sha256Hex("tfrom-env"));
                });
    }

    @Test
    void awsWithoutASecretFailsAtStartUpWithAClearMessage() {
        runner.withPropertyValues("dynauth.dynamodb.mode=aws", "dynauth.dynamodb.region=us-east-1").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().hasMessageContaining("dynauth.secret is not set");
        });
    }

    @Test
    void healthIsDownWhenTheTableIsMissingAndUpOnceCreated() {
        runner.withBean(DynamoDbClient.class, () -> local.client(), bd -> bd.setDestroyMethodName(""))
                .withPropertyValues("dynauth.table-name=health-check", "dynauth.secret=s")
                .run(ctx -> {
                    DynauthHealthIndicator health = ctx.getBean(DynauthHealthIndicator.class);
                    org.springframework.boot.health.contributor.Health down = health.health();
                    assertThat(down.getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.DOWN);
                    assertThat(down.getDetails()).containsKey("problems");
                    DynamoDbTables.createIfMissing(local.client(), ctx.getBean(TableOptions.class));
                    assertThat(health.health().getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.UP);
                });
    }

    @Test
    void endpointAndRegionProperties() {
        runner.withPropertyValues("dynauth.dynamodb.endpoint=http://127.0.0.1:1", "dynauth.dynamodb.region=ap-south-1",
                "dynauth.secret=x").run(ctx -> {
            DynamoDbClient client = ctx.getBean(DynamoDbClient.class);
            assertThat(client.serviceClientConfiguration().endpointOverride()).hasValueSatisfying(
                    uri -> assertThat(uri.toString()).isEqualTo("http://127.0.0.1:1"));
            assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.AP_SOUTH_1);
        });
    }

    @Test
    void theApplicationsClockAndTableNamesAreUsed() {
        Clock fixed = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        runner.withBean(Clock.class, () -> fixed)
                .withPropertyValues("dynauth.table-name=custom-names", "dynauth.partition-key=PK", "dynauth.sort-key=SK",
                        "dynauth.index-name=ByGsi", "dynauth.index-partition-key=G1PK", "dynauth.index-sort-key=G1SK",
                        "dynauth.session.max-age=7d", "dynauth.session.update-age=1h")
                .run(ctx -> {
                    assertThat(ctx.getBean(Clock.class)).isSameAs(fixed);
                    TableOptions o = ctx.getBean(TableOptions.class);
                    assertThat(o).isEqualTo(TableOptions.builder().tableName("custom-names").partitionKey("PK").sortKey("SK")
                            .indexName("ByGsi").indexPartitionKey("G1PK").indexSortKey("G1SK").build());
                    DynauthProperties p = ctx.getBean(DynauthProperties.class);
                    assertThat(p.getSession().getMaxAge()).hasDays(7);
                    assertThat(p.getSession().getUpdateAge()).hasHours(1);
                    assertThat(DynamoDbTables.verify(ctx.getBean(DynamoDbClient.class), o).ok()).isTrue();
                });
    }
}
