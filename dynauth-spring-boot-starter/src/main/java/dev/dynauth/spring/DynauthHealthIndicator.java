package dev.dynauth.spring;

import dev.dynauth.TableOptions;
import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Health of the Auth.js table: up when it exists with the keys and index the adapter needs. */
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
        List<String> problems = TableSupport.check(client, options);
        builder.withDetail("table", options.tableName());
        if (problems.isEmpty()) {
            builder.up();
        } else {
            builder.down().withDetail("problems", problems);
        }
    }
}
