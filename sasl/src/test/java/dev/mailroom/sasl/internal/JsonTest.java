package dev.mailroom.sasl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class JsonTest {

    @Test
    void flatObject_keepsStringsNumbersAndEscapes() {
        assertEquals(Optional.of(Map.of("status", "401", "n", "12", "ok", "true", "s", "a\"b\u00e9/")),
                Json.flatObject(" {\"status\":\"401\", \"n\": 12,\n\"ok\":true, \"s\":\"a\\\"b\\u00e9\\/\"} "));
        assertEquals(Optional.of(Map.of()), Json.flatObject("{}"));
    }

    @Test
    void nonFlatOrBrokenJson_isRefused() {
        for (String bad : new String[] {"", "[]", "{\"a\":{}}", "{\"a\":[1]}", "{\"a\":\"b\"", "{\"a\" \"b\"}",
            "{\"a\":\"b\"} x", "{\"a\":tru}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\q\"}", "{a:1}"}) {
            assertTrue(Json.flatObject(bad).isEmpty(), () -> "should be refused: " + bad);
        }
    }
}
