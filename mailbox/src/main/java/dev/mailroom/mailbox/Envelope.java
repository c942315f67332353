package dev.mailroom.mailbox;

import java.util.Objects;

/**
 * The envelope of a message being delivered into a mailbox.
 *
 * @param sender the envelope sender; the empty string is the null sender {@code <>} (written
 *     as {@code MAILER-DAEMON} on an mbox {@code From } line, {@code Return-Path: <>})
 * @param recipient the final recipient, written as {@code Delivered-To:}; never empty
 * @param originalRecipient the recipient as first submitted, written as
 *     {@code X-Original-To:} when not empty
 */
public record Envelope(String sender, String recipient, String originalRecipient) {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the recipient is empty, or a component contains a
     *     line break
     */
    public Envelope {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(originalRecipient, "originalRecipient");
        if (recipient.isEmpty()) {
            throw new IllegalArgumentException("recipient is empty");
        }
        for (String s : new String[] {sender, recipient, originalRecipient}) {
            if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("envelope address contains a line break");
            }
        }
    }

    /** An envelope without an original recipient. */
    public static Envelope of(String sender, String recipient) {
        return new Envelope(sender, recipient, "");
    }

    /** The user part of the recipient (before the last {@code @}), used in error texts. */
    public String user() {
        int at = recipient.lastIndexOf('@');
        return at > 0 ? recipient.substring(0, at) : recipient;
    }
}
