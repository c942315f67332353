package dev.mailroom.mailbox;

import java.util.Objects;

/**
 * What became of one delivery into a mailbox, with the RFC 3463 status Postfix would report.
 *
 * @param outcome delivered, deferred (try again later: a {@code 4.x.x} status) or bounced
 *     ({@code 5.x.x})
 * @param dsn the enhanced status code, e.g. {@code 2.0.0}, {@code 4.2.0}, {@code 5.2.2}
 * @param text the reason, in Postfix's words, e.g. {@code cannot update mailbox
 *     /var/mail/bob for user bob. error writing message: File too large}
 * @param location where the message was written (the mbox file, or the Maildir file in
 *     {@code new/}); the mailbox path when the delivery failed
 */
public record DeliveryResult(Outcome outcome, String dsn, String text, java.nio.file.Path location) {

    /** The three outcomes of a delivery attempt. */
    public enum Outcome {
        /** The message is in the mailbox. */
        DELIVERED,
        /** A temporary failure; nothing was left in the mailbox. */
        DEFERRED,
        /** A permanent failure; nothing was left in the mailbox. */
        BOUNCED
    }

    /** Checks the components. */
    public DeliveryResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(dsn, "dsn");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(location, "location");
        if (!dsn.matches("[245]\\.\\d{1,3}\\.\\d{1,3}")) {
            throw new IllegalArgumentException("not an enhanced status code: " + dsn);
        }
    }

    static DeliveryResult delivered(java.nio.file.Path where, String text) {
        return new DeliveryResult(Outcome.DELIVERED, "2.0.0", text, where);
    }

    static DeliveryResult failed(String dsn, String text, java.nio.file.Path where) {
        return new DeliveryResult(dsn.startsWith("4") ? Outcome.DEFERRED : Outcome.BOUNCED, dsn, text, where);
    }

    /** True when the message was delivered. */
    public boolean delivered() {
        return outcome == Outcome.DELIVERED;
    }
}
