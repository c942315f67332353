/**
 * mailroom SMTP: the SMTP and LMTP client engine and smarthost routing.
 * Not yet implemented; see the project's open issues.
 */
module dev.mailroom.smtp {
    requires dev.mailroom.core;
    requires dev.mailroom.sasl;
}
