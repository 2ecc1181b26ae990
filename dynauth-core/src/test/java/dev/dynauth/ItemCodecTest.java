package dev.dynauth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemCodecTest {

    @Test
    void expiresIsWrittenAsJavaScriptPrintsGetTimeDividedByAThousand() {
        assertEquals("1798085986.691", ItemCodec.epochSeconds(Instant.ofEpochMilli(1798085986691L)));
        assertEquals("1798085986.69", ItemCodec.epochSeconds(Instant.ofEpochMilli(1798085986690L)));
        assertEquals("1798085986.6", ItemCodec.epochSeconds(Instant.ofEpochMilli(1798085986600L)));
        assertEquals("1798085986", ItemCodec.epochSeconds(Instant.ofEpochMilli(1798085986000L)));
        assertEquals("1798085980", ItemCodec.epochSeconds(Instant.ofEpochMilli(1798085980000L)));
        assertEquals("0", ItemCodec.epochSeconds(Instant.EPOCH));
        assertEquals("0.001", ItemCodec.epochSeconds(Instant.ofEpochMilli(1)));
    }

    @Test
    void expiresIsReadFromEveryNumberForm() {
        assertEquals(Instant.ofEpochMilli(1798085986691L), ItemCodec.fromEpochSeconds("1798085986.691"));
        assertEquals(Instant.ofEpochMilli(1798085986000L), ItemCodec.fromEpochSeconds("1798085986"));
        assertEquals(Instant.ofEpochMilli(1798085986692L), ItemCodec.fromEpochSeconds("1798085986.6915"));
        assertEquals(Instant.ofEpochMilli(1798085986691L),
                ItemCodec.decode("expires", AttributeValue.fromN("1798085986.691"), true));
        assertEquals(Instant.parse("2021-01-01T00:00:00.123Z"),
                ItemCodec.decode("expires", AttributeValue.fromS("2021-01-01T00:00:00.123Z"), true));
        // only the top-level attribute is the TTL
        assertEquals(1798085986L, ItemCodec.decode("expires", AttributeValue.fromN("1798085986"), false));
    }

    @Test
    void datesAreIsoStringsWithMilliseconds() {
        assertEquals(AttributeValue.fromS("2025-01-02T03:04:05.000Z"),
                ItemCodec.encode("emailVerified", Instant.parse("2025-01-02T03:04:05Z"), true));
        assertEquals(AttributeValue.fromS("2025-01-02T03:04:05.678Z"),
                ItemCodec.encode("x", Instant.parse("2025-01-02T03:04:05.678Z"), false));
    }

    @Test
    void stringsThatLookLikeDatesAreReadAsDatesAsAuthJsDoes() {
        assertEquals(Instant.parse("2025-01-02T03:04:05.678Z"), ItemCodec.parseDate("2025-01-02T03:04:05.678Z"));
        assertEquals(Instant.parse("2025-01-02T01:04:05Z"), ItemCodec.parseDate("2025-01-02T03:04:05+02:00"));
        assertEquals(Instant.parse("2025-01-02T03:04:00Z"), ItemCodec.parseDate("2025-01-02T03:04Z"));
        assertNull(ItemCodec.parseDate("2025-01-02"));
        assertNull(ItemCodec.parseDate("2025-01-02T03:04:05"));
        assertNull(ItemCodec.parseDate("2025-13-02T03:04:05Z"));
        assertNull(ItemCodec.parseDate("hello 2025-01-02T03:04:05Z"));
        assertNull(ItemCodec.parseDate("Fill Murray"));
    }

    @Test
    void numbersKeepTheirValue() {
        assertEquals(AttributeValue.fromN("42"), ItemCodec.encode("n", 42, true));
        assertEquals(AttributeValue.fromN("1.5"), ItemCodec.encode("n", 1.5d, true));
        assertEquals(AttributeValue.fromN("1"), ItemCodec.encode("n", 1.0d, true));
        assertEquals(AttributeValue.fromN("12345678901234567890.123"),
                ItemCodec.encode("n", new BigDecimal("12345678901234567890.123"), true));
        assertEquals(42L, ItemCodec.decodeNumber("42"));
        assertEquals(new BigDecimal("1.5"), ItemCodec.decodeNumber("1.5"));
        assertEquals(new BigDecimal("123456789012345678901234"), ItemCodec.decodeNumber("123456789012345678901234"));
        assertThrows(IllegalArgumentException.class, () -> ItemCodec.encode("n", Double.NaN, true));
    }

    @Test
    void setsListsMapsAndBinaryRoundTrip() {
        assertEquals(Set.of("a", "b"), ItemCodec.decode("s", ItemCodec.encode("s", Set.of("a", "b"), true), true));
        assertEquals(Set.of(1L, 2L), ItemCodec.decode("s", ItemCodec.encode("s", Set.of(1L, 2L), true), true));
        assertEquals(List.of("x", 1L, true), ItemCodec.decode("l", ItemCodec.encode("l", List.of("x", 1, true), true), true));
        assertEquals(Map.of("k", Instant.parse("2025-01-02T03:04:05.678Z")),
                ItemCodec.decode("m", ItemCodec.encode("m", Map.of("k", Instant.parse("2025-01-02T03:04:05.678Z")), true), true));
        byte[] bytes = {1, 2, 3};
        assertArrayEquals(bytes, (byte[]) ItemCodec.decode("b", ItemCodec.encode("b", bytes, true), true));
        assertThrows(IllegalArgumentException.class, () -> ItemCodec.encode("s", Set.of("a", 1), true));
    }

    @Test
    void readDropsKeysAndEntityTagsWhateverTheirNames() {
        TableOptions custom = TableOptions.builder().partitionKey("a").sortKey("b").indexPartitionKey("c").indexSortKey("d").build();
        ItemCodec codec = new ItemCodec(custom);
        Map<String, Object> plain = codec.plain(Map.of(
                "a", AttributeValue.fromS("USER#1"), "b", AttributeValue.fromS("USER#1"),
                "c", AttributeValue.fromS("USER#x"), "d", AttributeValue.fromS("USER#x"),
                "pk", AttributeValue.fromS("kept: not a key here"),
                "type", AttributeValue.fromS("USER"), "id", AttributeValue.fromS("1")));
        assertEquals(Map.of("pk", "kept: not a key here", "id", "1"), plain);
        assertTrue(codec.plain(Map.of("type", AttributeValue.fromS("oauth"))).containsKey("type"));
    }

    @Test
    void customAttributesMayNotUseReservedNames() {
        ItemCodec codec = new ItemCodec(TableOptions.defaults());
        AdapterUser user = AdapterUser.builder().id("1").attribute("GSI1PK", "USER#evil").build();
        assertThrows(IllegalArgumentException.class, () -> codec.encodeUser(user));
    }

    @Test
    void tableOptionsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> TableOptions.builder().tableName("ab").build());
        assertThrows(IllegalArgumentException.class, () -> TableOptions.builder().sortKey("pk").build());
        assertThrows(IllegalArgumentException.class, () -> TableOptions.builder().indexSortKey("expires").build());
        assertThrows(IllegalArgumentException.class, () -> TableOptions.builder().partitionKey("").build());
        assertEquals(Set.of("pk", "sk", "GSI1PK", "GSI1SK", "type"), TableOptions.defaults().reservedAttributes());
    }

    @Test
    void valueTypesRefuseFieldNamesAsCustomAttributes() {
        assertThrows(IllegalArgumentException.class, () -> AdapterUser.builder().attribute("email", "x").build());
        assertThrows(IllegalArgumentException.class,
                () -> AdapterAccount.builder().userId("u").type("oauth").provider("p").providerAccountId("1")
                        .attribute("access_token", "x").build());
        assertThrows(IllegalArgumentException.class, () -> UserUpdate.of("1").attribute("id", "2").build());
        assertThrows(IllegalArgumentException.class, () -> UserUpdate.of("1").attribute("emailVerified", "yesterday").build());
    }
}
