package dev.mailroom.mailbox;

/** The form of the unique file names given to delivered Maildir messages. */
public enum MaildirNaming {
    /**
     * Postfix {@code local(8)}/{@code virtual(8)}:
     * {@code <sec>.V<dev hex>I<inode hex>M<usec>.<host>}, unique through the device and
     * inode of the file in {@code tmp/}.
     */
    POSTFIX,
    /**
     * Dovecot: {@code <sec>.M<usec>P<pid>Q<n>.<host>,S=<size>,W=<virtual size>}, where
     * {@code Q<n>} counts deliveries of this process, {@code S} is the file size and
     * {@code W} the size with CRLF line ends.
     */
    DOVECOT
}
