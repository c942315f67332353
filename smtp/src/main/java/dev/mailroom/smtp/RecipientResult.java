package dev.mailroom.smtp;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What happened to one recipient: {@link Delivered} (the server accepted responsibility),
 * {@link Deferred} (try again later: a 4xx reply, a network, timeout or TLS problem) or
 * {@link Bounced} (a 5xx reply or a permanent local decision such as 5.6.7). A recipient is only
 * ever {@code Delivered} after the server accepted its RCPT and the message.
 */
public sealed interface RecipientResult {

    /** @return the recipient */
    Recipient recipient();

    /** @return the RFC 3463 status: from the reply when it has one, else derived from the code or the problem */
    EnhancedStatus status();

    /** @return the explanation, in Postfix's style: {@code host mx[192.0.2.1] said: 550 5.1.1 ... (in reply to RCPT TO command)} */
    String diagnostic();

    /** @return the server's reply that decided the outcome, when there was one */
    Optional<Reply> reply();

    /**
     * The server accepted the message for this recipient.
     *
     * @param recipient the recipient
     * @param status the status (2.0.0 when the reply has none)
     * @param diagnostic the explanation
     * @param reply the final reply
     * @param queueId the server's queue id from {@code queued as ID}, when there
     */
    record Delivered(Recipient recipient, EnhancedStatus status, String diagnostic, Optional<Reply> reply,
            Optional<String> queueId) implements RecipientResult {
        /** Checks presence. */
        public Delivered {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(diagnostic, "diagnostic");
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(queueId, "queueId");
        }
    }

    /**
     * Not delivered yet; retry later.
     *
     * @param recipient the recipient
     * @param status a 4.x.x status
     * @param diagnostic the explanation
     * @param reply the reply, when a server gave one
     */
    record Deferred(Recipient recipient, EnhancedStatus status, String diagnostic, Optional<Reply> reply)
            implements RecipientResult {
        /** Checks presence. */
        public Deferred {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(diagnostic, "diagnostic");
            Objects.requireNonNull(reply, "reply");
        }
    }

    /**
     * Permanently undeliverable; the sender should get a bounce.
     *
     * @param recipient the recipient
     * @param status a 5.x.x status
     * @param diagnostic the explanation
     * @param reply the reply, when a server gave one
     */
    record Bounced(Recipient recipient, EnhancedStatus status, String diagnostic, Optional<Reply> reply)
            implements RecipientResult {
        /** Checks presence. */
        public Bounced {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(diagnostic, "diagnostic");
            Objects.requireNonNull(reply, "reply");
        }
    }

    /**
     * The queue id in a reply such as {@code 250 2.0.0 Ok: queued as 4Xyz12abc}.
     *
     * @param reply the reply
     * @return the id, when the text has one
     */
    static Optional<String> queueId(Reply reply) {
        Matcher m = Pattern.compile("(?i)queued as ([A-Za-z0-9][A-Za-z0-9._\\-]*[A-Za-z0-9])").matcher(reply.text());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
