package dev.mailroom.smtp;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-stage time limits, named after Postfix's {@code smtp_*_timeout} parameters (the
 * {@code lmtp_*} ones for LMTP). Each limit applies to one read of the server's reply (or to
 * the connect), so a slow server cannot hang a thread: every limit is finite.
 *
 * @param connect {@code smtp_connect_timeout} (30 s)
 * @param helo {@code smtp_helo_timeout} / {@code lmtp_lhlo_timeout} (300 s): greeting, EHLO, HELO, LHLO, AUTH
 * @param starttls {@code smtp_starttls_timeout} (300 s): STARTTLS reply and the TLS handshake
 * @param mail {@code smtp_mail_timeout} (300 s)
 * @param rcpt {@code smtp_rcpt_timeout} (300 s)
 * @param dataInit {@code smtp_data_init_timeout} (120 s): the reply to DATA
 * @param dataXfer {@code smtp_data_xfer_timeout} (180 s): each write of message content
 * @param dataDone {@code smtp_data_done_timeout} (600 s): the reply after the final dot or BDAT LAST
 * @param rset {@code smtp_rset_timeout} (20 s): RSET and NOOP
 * @param quit {@code smtp_quit_timeout} (300 s)
 */
public record SmtpTimeouts(Duration connect, Duration helo, Duration starttls, Duration mail, Duration rcpt,
        Duration dataInit, Duration dataXfer, Duration dataDone, Duration rset, Duration quit) {

    /** Postfix 3.7's smtp(8) defaults. */
    public static final SmtpTimeouts SMTP_DEFAULTS = new SmtpTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(300),
            Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofSeconds(300), Duration.ofSeconds(120),
            Duration.ofSeconds(180), Duration.ofSeconds(600), Duration.ofSeconds(20), Duration.ofSeconds(300));

    /**
     * Postfix 3.7's lmtp(8) defaults, except {@code lmtp_connect_timeout}: Postfix's 0 (wait
     * for the kernel) becomes 30 s, so that no limit is infinite.
     */
    public static final SmtpTimeouts LMTP_DEFAULTS = SMTP_DEFAULTS;

    /** Checks every limit is positive. */
    public SmtpTimeouts {
        for (Duration d : new Duration[] {connect, helo, starttls, mail, rcpt, dataInit, dataXfer, dataDone, rset,
                quit}) {
            Objects.requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive: " + d);
            }
        }
    }

    /**
     * @param limit one limit for every stage (tests, probes)
     * @return timeouts all equal to {@code limit}
     */
    public static SmtpTimeouts all(Duration limit) {
        return new SmtpTimeouts(limit, limit, limit, limit, limit, limit, limit, limit, limit, limit);
    }
}
