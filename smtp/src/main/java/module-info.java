/**
 * mailroom SMTP: the SMTP and LMTP client engine ({@link dev.mailroom.smtp.SmtpSession},
 * {@link dev.mailroom.smtp.SmtpClient}) with Postfix's TLS policy levels, SASL through
 * {@code dev.mailroom.sasl}, pipelining, BDAT, MX routing and failover, a connection cache and
 * per-recipient results. See docs/smtp.md.
 */
module dev.mailroom.smtp {
    requires transitive dev.mailroom.core;
    requires transitive dev.mailroom.sasl;
    requires transitive jakarta.mail;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    requires org.dnsjava;

    exports dev.mailroom.smtp;
}
