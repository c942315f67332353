package dev.mailroom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

final class InetTextTest {

    private static String f(String literal) throws Exception {
        return InetText.format(InetAddress.getByName(literal).getAddress());
    }

    @Test
    void ipv4_isDottedQuad() throws Exception {
        assertEquals("192.0.2.1", f("192.0.2.1"));
    }

    @Test
    void ipv6_longestZeroRunBecomesDoubleColon_firstOfEqualRuns() throws Exception {
        assertEquals("::1", f("0:0:0:0:0:0:0:1"));
        assertEquals("2001:db8::1", f("2001:0DB8:0:0:0:0:0:1"));
        assertEquals("2001:db8::1:0:0:1", f("2001:db8:0:0:1:0:0:1"));
        assertEquals("2001:db8:0:1:1:1:1:1", f("2001:db8:0:1:1:1:1:1"));
        assertEquals("::", f("::"));
    }

    @Test
    void otherLengths_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> InetText.format(new byte[5]));
    }
}
