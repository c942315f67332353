package dev.mailroom.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A message that {@link ScriptedSmtpServer} accepted.
 *
 * @param mailFrom the argument of {@code MAIL FROM:} as received, parameters included
 * @param recipients the arguments of the accepted {@code RCPT TO:} commands, as received
 * @param wire the bytes between the DATA reply and the end-of-data line exactly as they
 *     arrived (dot-stuffed, line endings untouched), or the BDAT chunks concatenated
 * @param content the message with dot-stuffing undone (for BDAT, the same as {@code wire})
 */
public record ReceivedMessage(String mailFrom, List<String> recipients, byte[] wire, byte[] content) {

    /** Copies the lists and arrays. */
    public ReceivedMessage {
        Objects.requireNonNull(mailFrom, "mailFrom");
        recipients = List.copyOf(recipients);
        wire = wire.clone();
        content = content.clone();
    }

    @Override
    public byte[] wire() {
        return wire.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content decoded as UTF-8, for assertions. */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivedMessage m && mailFrom.equals(m.mailFrom) && recipients.equals(m.recipients)
                && Arrays.equals(wire, m.wire) && Arrays.equals(content, m.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mailFrom, recipients, Arrays.hashCode(wire), Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "ReceivedMessage[from=" + mailFrom + ", to=" + recipients + ", " + content.length + " bytes]";
    }
}
