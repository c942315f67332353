package dev.mailroom.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

final class NetworksTest {

    @Test
    void ipv6_isCompressedAsInetNtopDoes() throws Exception {
        assertEquals("[::1]", Networks.format(InetAddress.getByName("::1")));
        assertEquals("[fd00::]", Networks.format(InetAddress.getByName("fd00:0:0:0:0:0:0:0")));
        assertEquals("[fe80::fc:ff:fe00:1]", Networks.format(InetAddress.getByName("fe80::fc:ff:fe00:1")));
        assertEquals("[1:0:2::3]", Networks.format(InetAddress.getByName("1:0:2:0:0:0:0:3")), "a single zero group stays");
        assertEquals("[1::2:0:0:3]", Networks.format(InetAddress.getByName("1:0:0:0:2:0:0:3")), "the longest run wins");
        assertEquals("192.0.2.1", Networks.format(InetAddress.getByName("192.0.2.1")));
    }

    @Test
    void lists_splitOnCommasAndBlanks() {
        assertEquals(java.util.List.of("a", "b", "{c d}", "e"), ListSplitter.split(" a,,b {c d}\te,"));
    }
}
