package dev.dynauth.local;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An empty Auth.js table in the shared DynamoDB Local of a {@link WithDynamoDbLocal} test.
 *
 * @param name   the table's name (unique in the run)
 * @param client the client of the shared DynamoDB Local; do not close it
 */
public record LocalTable(String name, DynamoDbClient client) {}
