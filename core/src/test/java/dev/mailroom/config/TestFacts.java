package dev.mailroom.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Fixed machine facts: host "vm", loopback and one LAN address per family. */
final class TestFacts {

    private TestFacts() {
    }

    static MachineFacts facts() {
        return MachineFacts.of("vm", List.of(
                address("127.0.0.1", 8),
                address("192.0.2.2", 24),
                address("::1", 128),
                address("fd00::2", 64)));
    }

    static PostfixDefaults defaults() {
        return PostfixDefaults.postfix37(facts());
    }

    static MachineFacts.LocalAddress address(String text, int prefix) {
        try {
            return new MachineFacts.LocalAddress(InetAddress.getByName(text), prefix);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static MainConfig main(String... lines) {
        return MainConfig.parse(String.join("\n", lines) + "\n", "DIR/main.cf", defaults());
    }
}
