/**
 * The SMTP/LMTP client's public values: {@link dev.mailroom.smtp.Reply} and
 * {@link dev.mailroom.smtp.EnhancedStatus}, {@link dev.mailroom.smtp.Capabilities} parsed from
 * an EHLO reply, {@link dev.mailroom.smtp.ReplyLimits}, the DSN and BODY parameter values, and
 * the exceptions for protocol violations ({@link dev.mailroom.smtp.SmtpProtocolException}) and
 * refused commands ({@link dev.mailroom.smtp.UnsafeCommandException}). See {@code docs/smtp.md}.
 */
package dev.mailroom.smtp;
