/**
 * mailroom mailbox: mbox and Maildir mailboxes as Postfix and Dovecot write them, and a
 * Jakarta Mail {@code Store} for both ({@code META-INF/javamail.providers}).
 */
module dev.mailroom.mailbox {
    requires dev.mailroom.core;
    requires static jakarta.mail;

    exports dev.mailroom.mailbox;

    // Jakarta Mail's Session instantiates the stores reflectively
    opens dev.mailroom.mailbox.internal.store to jakarta.mail;
}
