package dev.dynauth.spring.dynamodb;

import dev.dynauth.spring.web.DynamoDbFaults;

import dev.dynauth.TableOptions;
import dev.dynauth.DynamoDbTables;
import dev.dynauth.SchemaReport;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Health of the Auth.js table: up when dynauth-core's schema check ({@link DynamoDbTables#verify}) passes. */
public class DynauthHealthIndicator extends AbstractHealthIndicator {

    private final DynamoDbClient client;
    private final TableOptions options;

    public DynauthHealthIndicator(DynamoDbClient client, TableOptions options) {
        super("DynamoDB table check failed");
        this.client = client;
        this.options = options;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("table", options.tableName());
        SchemaReport report;
        try {
            report = DynamoDbTables.verify(client, options);
        } catch (RuntimeException e) {
            // the SDK's message names endpoints, request ids, sometimes credentials: not for a public health page
            builder.down().withDetail("error", DynamoDbFaults.unavailable(e) ? "DynamoDB unreachable"
                    : "DynamoDB table check failed");
            return;
        }
        if (report.ok()) {
            builder.up();
        } else {
            builder.down().withDetail("problems", report.problems());
        }
    }
}
