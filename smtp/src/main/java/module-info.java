/**
 * mailroom SMTP: the SMTP and LMTP client engine and smarthost routing. So far the protocol's
 * leaf pieces: replies and enhanced status codes, EHLO capabilities, safe command encoding,
 * and the DATA and BDAT streams; the client engine itself is still to come (docs/smtp.md).
 */
module dev.mailroom.smtp {
    requires dev.mailroom.core;
    requires dev.mailroom.sasl;

    exports dev.mailroom.smtp;
}
