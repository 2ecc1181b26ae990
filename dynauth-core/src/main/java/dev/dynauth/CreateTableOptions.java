package dev.dynauth;

import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;

/**
 * How {@link DynamoDbTables#createIfMissing(software.amazon.awssdk.services.dynamodb.DynamoDbClient,
 * TableOptions, CreateTableOptions)} bills a new table: {@linkplain #onDemand() on demand} (the
 * default) or {@linkplain #provisioned(long, long) provisioned}, in which case the index gets the
 * same throughput as the table.
 *
 * @param billingMode        {@code PAY_PER_REQUEST} or {@code PROVISIONED}
 * @param readCapacityUnits  0 on demand, else at least 1
 * @param writeCapacityUnits 0 on demand, else at least 1
 */
public record CreateTableOptions(BillingMode billingMode, long readCapacityUnits, long writeCapacityUnits) {

    public CreateTableOptions {
        Objects.requireNonNull(billingMode, "billingMode");
        if (billingMode == BillingMode.PAY_PER_REQUEST) {
            if (readCapacityUnits != 0 || writeCapacityUnits != 0) {
                throw new IllegalArgumentException("on-demand tables take no capacity units");
            }
        } else if (billingMode == BillingMode.PROVISIONED) {
            if (readCapacityUnits < 1 || writeCapacityUnits < 1) {
                throw new IllegalArgumentException("provisioned capacity units must be at least 1, got read "
                        + readCapacityUnits + " and write " + writeCapacityUnits);
            }
        } else {
            throw new IllegalArgumentException("unsupported billing mode: " + billingMode);
        }
    }

    /** On-demand billing ({@code PAY_PER_REQUEST}): no capacity to plan, the default. */
    public static CreateTableOptions onDemand() {
        return new CreateTableOptions(BillingMode.PAY_PER_REQUEST, 0, 0);
    }

    /** Provisioned billing with the given capacity units for the table and for its index each. */
    public static CreateTableOptions provisioned(long readCapacityUnits, long writeCapacityUnits) {
        return new CreateTableOptions(BillingMode.PROVISIONED, readCapacityUnits, writeCapacityUnits);
    }
}
