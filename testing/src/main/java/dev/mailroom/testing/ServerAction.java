package dev.mailroom.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link ScriptedSmtpServer} does instead of its default reply to a command.
 * Create with the static factories.
 */
public sealed interface ServerAction {

    /**
     * Replies with the given text. Lines are separated by {@code \n}; each is sent as written
     * with CRLF appended, so a multiline reply is written out in full, e.g.
     * {@code "250-first\n250 last"}.
     */
    static ServerAction reply(String text) {
        return new Reply(text);
    }

    /** Closes the connection without replying. */
    static ServerAction drop() {
        return new Drop();
    }

    /** Waits, then performs {@code then}: for replies that arrive after a client's timeout. */
    static ServerAction delay(Duration wait, ServerAction then) {
        return new Delay(wait, then);
    }

    /** Writes exactly these bytes (garbage, an over-long line, a line without CRLF ...). */
    static ServerAction raw(byte[] bytes) {
        return new Raw(bytes);
    }

    /** Writes exactly this text, encoded as UTF-8, with nothing appended. */
    static ServerAction raw(String text) {
        return new Raw(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * For STARTTLS: sends {@code reply}, then {@code injected} in the same write, before the TLS
     * handshake starts — the response injection a client must refuse.
     */
    static ServerAction injectAfter(String reply, String injected) {
        return new Inject(reply, injected.getBytes(StandardCharsets.UTF_8));
    }

    /** A reply; see {@link #reply(String)}. */
    record Reply(String text) implements ServerAction {
        /** Checks the text is present. */
        public Reply {
            Objects.requireNonNull(text, "text");
        }

        /** The three-digit code of the reply's last line, or -1 when it has none. */
        public int code() {
            String[] lines = text.split("\n");
            String last = lines[lines.length - 1];
            if (last.length() >= 3 && last.substring(0, 3).chars().allMatch(Character::isDigit)) {
                return Integer.parseInt(last.substring(0, 3));
            }
            return -1;
        }
    }

    /** A dropped connection; see {@link #drop()}. */
    record Drop() implements ServerAction {
    }

    /** A delayed action; see {@link #delay(Duration, ServerAction)}. */
    record Delay(Duration pause, ServerAction then) implements ServerAction {
        /** Checks both parts are present. */
        public Delay {
            Objects.requireNonNull(pause, "pause");
            Objects.requireNonNull(then, "then");
        }
    }

    /** Raw bytes; see {@link #raw(byte[])}. */
    record Raw(byte[] bytes) implements ServerAction {
        /** Copies the bytes. */
        public Raw {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Raw r && Arrays.equals(bytes, r.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Raw[" + bytes.length + " bytes]";
        }
    }

    /** A reply followed by injected bytes; see {@link #injectAfter(String, String)}. */
    record Inject(String reply, byte[] injected) implements ServerAction {
        /** Copies the bytes. */
        public Inject {
            Objects.requireNonNull(reply, "reply");
            injected = injected.clone();
        }

        @Override
        public byte[] injected() {
            return injected.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Inject i && reply.equals(i.reply) && Arrays.equals(injected, i.injected);
        }

        @Override
        public int hashCode() {
            return reply.hashCode() * 31 + Arrays.hashCode(injected);
        }

        @Override
        public String toString() {
            return "Inject[" + reply + ", " + injected.length + " bytes]";
        }
    }
}
