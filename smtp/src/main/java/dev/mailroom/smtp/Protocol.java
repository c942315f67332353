package dev.mailroom.smtp;

/** The protocol a session speaks. */
public enum Protocol {
    /** SMTP (RFC 5321): EHLO with HELO fallback, one reply after the message. */
    SMTP,
    /** LMTP (RFC 2033): LHLO, one reply per accepted recipient after the message. */
    LMTP
}
