package dev.dynauth.app.store;

import dev.dynauth.DynamoDbTables;
import dev.dynauth.TableOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Creates, verifies and prints the definition of the Auth.js table, through dynauth-core's {@link DynamoDbTables}. */
public final class TableAdmin {
    private final DynamoDbClient client;
    private final TableOptions o;
    private final String where;

    public TableAdmin(DynamoDbClient client, TableOptions options) {
        this(client, options, null);
    }

    /** {@code where}: the store's description, named in errors. */
    public TableAdmin(DynamoDbClient client, TableOptions options, String where) {
        this.client = client;
        this.o = options;
        this.where = where;
    }

    public Optional<TableDescription> describe() {
        try {
            return Optional.of(client.describeTable(r -> r.tableName(o.tableName())).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Fails with a clear message when the table does not exist. */
    public TableDescription require() {
        return describe().orElseThrow(() -> new CliException("no table '" + o.tableName() + "'"
                + (where != null ? " in " + where : "") + " (create it with: dynauth table create)"));
    }

    /** Creates the table (on demand, the GSI, TTL on {@code expires}) unless it exists; true if it did. */
    public boolean create() {
        return DynamoDbTables.createIfMissing(client, o);
    }

    /** Finishes a half-made table (TTL off after an interrupted create, an index still building); what was done. */
    public List<String> repair() {
        return DynamoDbTables.complete(client, o);
    }

    /** Problems in plain words; empty when the table matches the options. */
    public List<String> verify() {
        List<String> problems = new ArrayList<>(DynamoDbTables.verify(client, o).problems());
        for (int i = 0; i < problems.size(); i++) {
            if (problems.get(i).endsWith("does not exist")) {
                problems.set(i, problems.get(i) + (where != null ? " in " + where : "")
                        + " (create it with: dynauth table create)");
            }
        }
        return problems;
    }

    /** A CloudFormation template in YAML with dynauth-core's resource. */
    public String cloudFormationYaml() {
        return "AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: Auth.js (dynauth) table\nResources:\n"
                + DynamoDbTables.cloudFormation(o).indent(2);
    }

    /** The same template as JSON. */
    public String cloudFormationJson() {
        var n = DynamoJson.MAPPER.createObjectNode();
        n.put("AWSTemplateFormatVersion", "2010-09-09");
        n.put("Description", "Auth.js (dynauth) table");
        var p = n.putObject("Resources").putObject("NextAuthTable");
        p.put("Type", "AWS::DynamoDB::Table");
        var props = p.putObject("Properties");
        props.put("TableName", o.tableName());
        props.put("BillingMode", "PAY_PER_REQUEST");
        var defs = props.putArray("AttributeDefinitions");
        for (String a : List.of(o.partitionKey(), o.sortKey(), o.indexPartitionKey(), o.indexSortKey())) {
            defs.addObject().put("AttributeName", a).put("AttributeType", "S");
        }
        var ks = props.putArray("KeySchema");
        ks.addObject().put("AttributeName", o.partitionKey()).put("KeyType", "HASH");
        ks.addObject().put("AttributeName", o.sortKey()).put("KeyType", "RANGE");
        var gsi = props.putArray("GlobalSecondaryIndexes").addObject();
        gsi.put("IndexName", o.indexName());
        gsi.putObject("Projection").put("ProjectionType", "ALL");
        var gks = gsi.putArray("KeySchema");
        gks.addObject().put("AttributeName", o.indexPartitionKey()).put("KeyType", "HASH");
        gks.addObject().put("AttributeName", o.indexSortKey()).put("KeyType", "RANGE");
        props.putObject("TimeToLiveSpecification").put("AttributeName", TableOptions.EXPIRES_ATTRIBUTE).put("Enabled", true);
        return DynamoJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
    }

    /** AWS CDK (TypeScript) code for the table, as dynauth-core writes it. */
    public String cdk() {
        return "import * as dynamodb from \"aws-cdk-lib/aws-dynamodb\";\n\n" + DynamoDbTables.cdk(o);
    }
}
