package dev.dynauth.app.web;

import dev.dynauth.Keys;
import dev.dynauth.TableOptions;
import dev.dynauth.spring.magiclink.MagicLink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The development mailbox: magic links kept in the table (so any number of instances share it, and
 * nothing lives in one JVM) under the partition {@code DEVMAIL}, expiring with the link (the sweeper
 * removes them), and printed to the console. Only used when no SMTP server is configured.
 */
public final class DevMailbox {
    private static final Logger LOG = LoggerFactory.getLogger(DevMailbox.class);
    static final String PARTITION = Keys.DEV_MAIL;

    private final DynamoDbClient client;
    private final TableOptions o;

    public DevMailbox(DynamoDbClient client, TableOptions options) {
        this.client = client;
        this.o = options;
    }

    record Mail(String to, String url, Instant sent) {
        @Override
        public String toString() {
            return "Mail[to=" + to + ", url=<redacted>, sent=" + sent + "]";
        }
    }

    public void send(MagicLink link) {
        Instant now = Instant.now();
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(o.partitionKey(), AttributeValue.fromS(PARTITION));
        item.put(o.sortKey(), AttributeValue.fromS(now.toString() + "#" + UUID.randomUUID()));
        item.put("type", AttributeValue.fromS(Keys.DEV_MAIL));
        item.put("identifier", AttributeValue.fromS(link.identifier()));
        item.put("url", AttributeValue.fromS(link.url()));
        item.put("sent", AttributeValue.fromS(now.toString()));
        item.put(TableOptions.EXPIRES_ATTRIBUTE, AttributeValue.fromN(Long.toString(link.expires().getEpochSecond())));
        client.putItem(r -> r.tableName(o.tableName()).item(item));
        // the development console is the mailbox's second copy: this is the only place a link is logged
        LOG.warn("Development mailbox: sign-in link for {}: {}", link.identifier(), link.url());
    }

    /** The newest mails first, those whose link has not expired. */
    List<Mail> recent(int limit) {
        List<Mail> out = new ArrayList<>();
        // expires is this mailbox's own epoch-seconds Number (see send), compared where it is stored
        var items = client.query(r -> r.tableName(o.tableName()).consistentRead(true)
                .keyConditionExpression("#pk = :pk").filterExpression("#e >= :now")
                .expressionAttributeNames(Map.of("#pk", o.partitionKey(), "#e", TableOptions.EXPIRES_ATTRIBUTE))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PARTITION),
                        ":now", AttributeValue.fromN(Long.toString(Instant.now().getEpochSecond()))))
                .scanIndexForward(false).limit(limit)).items();
        for (Map<String, AttributeValue> i : items) {
            out.add(new Mail(s(i, "identifier"), s(i, "url"), Instant.parse(s(i, "sent"))));
        }
        return out;
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
