package dev.mailroom.smtp;

import dev.mailroom.address.MailAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The SMTP envelope of one message: the reverse-path, the recipients, and the message-level DSN
 * parameters ({@code RET}, {@code ENVID}), sent only when the server offers DSN.
 *
 * @param sender the reverse-path ({@link MailAddress#nullSender()} for {@code <>})
 * @param recipients at least one recipient, no duplicates
 * @param ret {@code RET=}
 * @param envid {@code ENVID=} (xtext-encoded on the wire)
 */
public record Envelope(MailAddress sender, List<Recipient> recipients, Optional<DsnReturn> ret,
        Optional<String> envid) {

    /** Checks and copies. */
    public Envelope {
        Objects.requireNonNull(sender, "sender");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
        Set<MailAddress> seen = new HashSet<>();
        for (Recipient r : recipients) {
            if (!seen.add(r.address())) {
                throw new IllegalArgumentException("duplicate recipient " + r.address());
            }
        }
        Objects.requireNonNull(ret, "ret");
        Objects.requireNonNull(envid, "envid");
    }

    /**
     * @param sender the reverse-path, e.g. {@code "alice@example.org"} or {@code ""} for {@code <>}
     * @param recipients the recipients
     * @return an envelope without DSN parameters
     */
    public static Envelope of(String sender, String... recipients) {
        MailAddress from = sender.isEmpty() || sender.equals("<>") ? MailAddress.nullSender()
                : MailAddress.parse(sender);
        return new Envelope(from, java.util.Arrays.stream(recipients).map(Recipient::of).toList(),
                Optional.empty(), Optional.empty());
    }

    /** @return whether any address needs SMTPUTF8 (RFC 6531) */
    public boolean needsSmtpUtf8() {
        return sender.needsSmtpUtf8() || recipients.stream().anyMatch(r -> r.address().needsSmtpUtf8());
    }
}
