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

    /**
     * The envelope a submission agent would take from a message's headers: the sender from
     * {@code Sender}, else the first {@code From}; the recipients from {@code To}, {@code Cc}
     * and {@code Bcc}, duplicates removed.
     *
     * @param message the message
     * @return the envelope
     * @throws IllegalArgumentException when there is no sender or no recipient, or an address
     *         cannot be used in SMTP
     * @throws jakarta.mail.MessagingException when the headers cannot be read
     */
    public static Envelope fromHeaders(jakarta.mail.internet.MimeMessage message)
            throws jakarta.mail.MessagingException {
        jakarta.mail.Address sender = message.getSender();
        if (sender == null) {
            jakarta.mail.Address[] from = message.getFrom();
            sender = from == null || from.length == 0 ? null : from[0];
        }
        if (!(sender instanceof jakarta.mail.internet.InternetAddress s)) {
            throw new IllegalArgumentException("the message has no Sender or From address");
        }
        java.util.LinkedHashSet<MailAddress> rcpts = new java.util.LinkedHashSet<>();
        for (jakarta.mail.Message.RecipientType t : List.of(jakarta.mail.Message.RecipientType.TO,
                jakarta.mail.Message.RecipientType.CC, jakarta.mail.Message.RecipientType.BCC)) {
            jakarta.mail.Address[] as = message.getRecipients(t);
            if (as != null) {
                for (jakarta.mail.Address a : as) {
                    if (a instanceof jakarta.mail.internet.InternetAddress ia) {
                        rcpts.add(MailAddress.parse(ia.getAddress()));
                    }
                }
            }
        }
        return new Envelope(MailAddress.parse(s.getAddress()), rcpts.stream().map(Recipient::of).toList(),
                Optional.empty(), Optional.empty());
    }

    /** @return whether any address needs SMTPUTF8 (RFC 6531) */
    public boolean needsSmtpUtf8() {
        return sender.needsSmtpUtf8() || recipients.stream().anyMatch(r -> r.address().needsSmtpUtf8());
    }
}
