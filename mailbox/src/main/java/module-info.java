/**
 * mailroom mailbox: mbox and Maildir mailboxes as Postfix and Dovecot write them.
 */
module dev.mailroom.mailbox {
    requires dev.mailroom.core;

    exports dev.mailroom.mailbox;
}
