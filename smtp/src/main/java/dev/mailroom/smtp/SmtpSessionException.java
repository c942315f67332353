package dev.mailroom.smtp;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A session could not be set up or broke down: connection refused or lost, a timeout, a
 * negative greeting or EHLO reply, a TLS requirement not met, a failed authentication. It
 * carries the status the affected recipients get; {@link #isPermanent()} tells whether they
 * bounce or are deferred. The message reads like Postfix's, and never contains a secret.
 */
public final class SmtpSessionException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Where in the session the failure happened. */
    public enum Stage {
        /** Before connecting (policy, configuration). */
        POLICY,
        /** TCP or Unix-domain connect. */
        CONNECT,
        /** The server's greeting. */
        GREETING,
        /** EHLO, HELO or LHLO. */
        HELO,
        /** STARTTLS, the handshake, or the certificate checks. */
        TLS,
        /** AUTH. */
        AUTH,
        /** A transaction command or the message. */
        TRANSACTION,
        /** RSET or NOOP on an idle connection. */
        RESET
    }

    private final Stage stage;
    private final transient EnhancedStatus status;
    private final transient Reply reply;

    /**
     * @param stage where it happened
     * @param status the status for the recipients (class 4: deferred, class 5: bounced)
     * @param message the explanation (no secrets)
     * @param reply the server's reply, or null
     * @param cause the cause, or null
     */
    public SmtpSessionException(Stage stage, EnhancedStatus status, String message, Reply reply, Throwable cause) {
        super(message, cause);
        this.stage = Objects.requireNonNull(stage, "stage");
        this.status = Objects.requireNonNull(status, "status");
        this.reply = reply;
    }

    /** @return where it happened */
    public Stage stage() {
        return stage;
    }

    /** @return the status for the recipients */
    public EnhancedStatus status() {
        return status;
    }

    /** @return the server's reply, when there was one */
    public Optional<Reply> reply() {
        return Optional.ofNullable(reply);
    }

    /** @return true when recipients bounce (class 5), false when they are deferred */
    public boolean isPermanent() {
        return status.isPermanent();
    }
}
