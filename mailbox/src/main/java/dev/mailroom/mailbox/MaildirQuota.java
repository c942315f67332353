package dev.mailroom.mailbox;

/**
 * A Maildir++ {@code maildirsize} file: the quota on its first line and the usage summed
 * from the lines after it.
 *
 * @param limitBytes the byte limit ({@code NS}), 0 when none
 * @param limitMessages the message count limit ({@code NC}), 0 when none
 * @param usedBytes the bytes in use
 * @param usedMessages the messages in use
 */
public record MaildirQuota(long limitBytes, long limitMessages, long usedBytes, long usedMessages) {

    /** True when adding a message of {@code size} bytes would exceed a limit. */
    public boolean wouldExceed(long size) {
        return limitBytes > 0 && usedBytes + size > limitBytes
                || limitMessages > 0 && usedMessages + 1 > limitMessages;
    }
}
