package dev.mailroom.sasl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class Base64StrictTest {

    @Test
    void canonicalText_decodes() {
        assertArrayEquals("Username:".getBytes(StandardCharsets.US_ASCII), Base64Strict.decode("VXNlcm5hbWU6").orElseThrow());
        assertArrayEquals(new byte[0], Base64Strict.decode("").orElseThrow());
        assertArrayEquals(new byte[] {(byte) 0xff}, Base64Strict.decode("/w==").orElseThrow());
    }

    @Test
    void nonCanonicalText_isRefused() {
        for (String bad : new String[] {"VXNlcm5hbWU", "VXNl cm5hbWU6", "VXNlcm5hbWU6\r\n", "VX=lcm5hbWU6", "/x==",
            "=AAA", "A===", "AA=A", "-_8=", "VXNlcm5hbWU6====", "Zm9v\u00e9"}) {
            assertTrue(Base64Strict.decode(bad).isEmpty(), () -> "should be refused: " + bad);
        }
    }
}
