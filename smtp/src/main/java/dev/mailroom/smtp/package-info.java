/**
 * The SMTP/LMTP client engine. {@link dev.mailroom.smtp.SmtpClient} delivers to a Postfix-style
 * nexthop (MX lookup through {@link dev.mailroom.smtp.Dns}, failover, fallback relays, a
 * connection cache keyed by nexthop, credential identity and TLS policy);
 * {@link dev.mailroom.smtp.SmtpSession} is one conversation with one server (STARTTLS or SMTPS
 * under a {@link dev.mailroom.smtp.TlsPolicy}, AUTH never before TLS by default, pipelining,
 * BDAT, per-stage {@link dev.mailroom.smtp.SmtpTimeouts}). Every recipient gets a
 * {@link dev.mailroom.smtp.RecipientResult}: delivered, deferred or bounced, with its RFC 3463
 * status. The protocol values ({@link dev.mailroom.smtp.Reply},
 * {@link dev.mailroom.smtp.EnhancedStatus}, {@link dev.mailroom.smtp.Capabilities}) and the
 * exceptions for protocol violations and refused commands live here too. See
 * {@code docs/smtp.md}.
 */
package dev.mailroom.smtp;
