package dev.dynauth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Linked provider accounts: the {@code ACCOUNT#<provider>#<providerAccountId>} items in the user's partition,
 * found by provider account through the index, each guarded by its {@link Claims account claim}.
 */
final class Accounts {

    private final Table t;
    private final Claims claims;

    Accounts(Table table, Claims claims) {
        this.t = table;
        this.claims = claims;
    }

    AdapterAccount link(AdapterAccount input) {
        Objects.requireNonNull(input, "account");
        AdapterAccount account = input.id() == null ? input.withId(UUID.randomUUID().toString()) : input;
        String provider = account.provider();
        String providerAccountId = account.providerAccountId();
        Table.requireUserId(account.userId());
        Keys.require(provider, Keys.accountSort(provider, providerAccountId), Keys.MAX_SORT_KEY_BYTES, "provider and providerAccountId");
        Keys.require(providerAccountId, Keys.uniqueAccount(provider, providerAccountId), Keys.MAX_SORT_KEY_BYTES, "providerAccountId");
        Map<String, AttributeValue> item = t.codec.encodeAccount(account);
        List<Map<String, AttributeValue>> linked = findItems(provider, providerAccountId);
        if (!linked.isEmpty()) {
            if (linked.size() == 1 && Items.same(linked.get(0), item)) {
                return account; // this very link, written by an earlier attempt of the same call whose answer was lost
            }
            throw new AccountAlreadyLinkedException(provider, providerAccountId);
        }
        Expr x = new Expr();
        TransactWriteItem userExists = TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(t.name)
                .key(t.codec.keyOf(Keys.user(account.userId()), Keys.user(account.userId())))
                .conditionExpression("attribute_exists(" + x.name(t.options.partitionKey()) + ")")
                .expressionAttributeNames(x.names()).build()).build();
        TransactWriteItem put = TransactWriteItem.builder().put(t.putIfAbsent(item)).build();
        claims.transactWithClaim(claims.account(provider, providerAccountId, account.userId()), List.of(userExists, put),
                i -> i == 0 ? new NotFoundException("no user with id " + account.userId())
                        : new AccountAlreadyLinkedException(provider, providerAccountId),
                () -> new AccountAlreadyLinkedException(provider, providerAccountId));
        return account;
    }

    Optional<AdapterAccount> unlink(String provider, String providerAccountId) {
        AdapterAccount first = null;
        for (Map<String, AttributeValue> item : findItems(provider, providerAccountId)) {
            // The claim first: a retry after a failure in between still finds the account and so releases the claim.
            String owner = ItemCodec.stringAttribute(item, "userId");
            if (owner != null) {
                claims.releaseNow(Keys.uniqueAccount(provider, providerAccountId), owner);
            }
            Optional<Map<String, AttributeValue>> deleted = t.deleteReturningOld(t.keyOf(item));
            if (first == null && deleted.isPresent()) {
                first = t.codec.decodeAccount(deleted.get());
            }
        }
        return Optional.ofNullable(first);
    }

    Optional<AdapterAccount> get(String providerAccountId, String provider) {
        return findItems(provider, providerAccountId).stream().findFirst().map(t.codec::decodeAccount);
    }

    /** The id of the user who linked the provider account. */
    Optional<String> ownerId(String provider, String providerAccountId) {
        return findItems(provider, providerAccountId).stream()
                .map(item -> ItemCodec.stringAttribute(item, "userId"))
                .filter(Objects::nonNull)
                .findFirst();
    }

    List<AdapterAccount> list(String userId) {
        if (!Table.usableUserId(userId)) {
            return List.of();
        }
        return t.queryPartition(Keys.user(userId), Keys.ACCOUNT).stream().map(t.codec::decodeAccount).collect(Collectors.toList());
    }

    AdapterAccount update(AdapterAccount account) {
        Objects.requireNonNull(account, "account");
        String sort = Keys.accountSort(account.provider(), account.providerAccountId());
        Supplier<NotFoundException> missing = () -> new NotFoundException("user " + account.userId() + " has no "
                + account.provider() + " account " + account.providerAccountId());
        if (!Table.usableUserId(account.userId()) || !Keys.usableAsSort(account.providerAccountId(), sort)) {
            throw missing.get();
        }
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("access_token", account.accessToken());
        tokens.put("refresh_token", account.refreshToken());
        tokens.put("id_token", account.idToken());
        tokens.put("token_type", account.tokenType());
        tokens.put("scope", account.scope());
        tokens.put("session_state", account.sessionState());
        tokens.put("expires_at", account.expiresAt());
        Map<String, Object> set = new LinkedHashMap<>();
        List<String> remove = new ArrayList<>();
        tokens.forEach((name, value) -> {
            if (value == null) {
                remove.add(name);
            } else {
                set.put(name, value);
            }
        });
        t.checkNames(account.attributes().keySet());
        set.putAll(account.attributes());
        Expr x = new Expr();
        StringBuilder expression = new StringBuilder(set.isEmpty() ? "" : t.setClause(x, set));
        if (!remove.isEmpty()) {
            expression.append(" REMOVE ").append(remove.stream().map(x::name).collect(Collectors.joining(", ")));
        }
        String condition = "attribute_exists(" + x.name(t.options.partitionKey()) + ")";
        try {
            UpdateItemResponse r = t.client.updateItem(b -> b.tableName(t.name).key(t.codec.keyOf(Keys.user(account.userId()), sort))
                    .updateExpression(expression.toString().trim()).conditionExpression(condition)
                    .expressionAttributeNames(x.names()).expressionAttributeValues(x.values())
                    .returnValues(ReturnValue.ALL_NEW));
            return t.codec.decodeAccount(r.attributes());
        } catch (ConditionalCheckFailedException e) {
            throw missing.get();
        }
    }

    private List<Map<String, AttributeValue>> findItems(String provider, String providerAccountId) {
        if (!Keys.usableAsPartition(provider, Keys.accountIndexPartition(provider))
                || !Keys.usableAsSort(providerAccountId, Keys.accountIndexSort(providerAccountId))) {
            return List.of();
        }
        return t.queryIndex(Keys.accountIndexPartition(provider), Keys.accountIndexSort(providerAccountId)).stream()
                .filter(item -> provider.equals(ItemCodec.stringAttribute(item, "provider"))
                        && providerAccountId.equals(ItemCodec.stringAttribute(item, "providerAccountId")))
                .collect(Collectors.toList());
    }
}
