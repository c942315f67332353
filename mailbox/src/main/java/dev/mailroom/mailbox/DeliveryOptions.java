package dev.mailroom.mailbox;

import dev.mailroom.mailbox.internal.Hostname;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The Postfix parameters that govern a delivery into an mbox or a Maildir, as plain values.
 * {@link #DEFAULTS} holds Postfix 3.7's defaults on Linux; derive changed copies with the
 * {@code with...} methods.
 *
 * @param mailboxSizeLimit {@code mailbox_size_limit}: the largest an mbox file (or one
 *     Maildir file) may grow, in bytes; 0 for no limit (default 51200000)
 * @param messageSizeLimit {@code message_size_limit}: the largest message accepted, in
 *     bytes; 0 for no limit (default 10240000)
 * @param staleLockTime {@code stale_lock_time}: a dotlock file older than this is removed
 *     (default 500s)
 * @param deliveryLock {@code mailbox_delivery_lock}: the locks taken, in order (default
 *     {@code fcntl, dotlock}; dotlock is always taken first, before the file is opened, as
 *     Postfix does)
 * @param lockAttempts {@code deliver_lock_attempts} (default 20)
 * @param lockDelay {@code deliver_lock_delay}, the pause between attempts (default 1s;
 *     dotlock attempts sleep a random time of 50% to 150% of it)
 * @param quoting how {@code From } lines of a message are quoted in an mbox:
 *     {@link MboxFormat#MBOXO} as Postfix does, or {@link MboxFormat#MBOXRD}
 * @param originalRecipientHeader {@code enable_original_recipient}: write
 *     {@code X-Original-To:} (default true)
 * @param deliveredToHeader {@code prepend_delivered_header} contains {@code file}: write
 *     {@code Delivered-To:} (default true)
 * @param maildirNaming the form of new Maildir file names (default {@link MaildirNaming#POSTFIX})
 * @param hostname the host name in Maildir file names (default: the kernel's host name,
 *     as {@code gethostname()} gives it, not {@code myhostname})
 * @param clock the time of delivery and its zone (the From_ line is written in local time)
 */
public record DeliveryOptions(long mailboxSizeLimit, long messageSizeLimit, Duration staleLockTime,
        List<LockMethod> deliveryLock, int lockAttempts, Duration lockDelay, MboxFormat quoting,
        boolean originalRecipientHeader, boolean deliveredToHeader, MaildirNaming maildirNaming,
        String hostname, Clock clock) {

    /** Postfix 3.7's defaults on Linux, the system clock and the system's host name. */
    public static final DeliveryOptions DEFAULTS = new DeliveryOptions(51_200_000L, 10_240_000L,
            Duration.ofSeconds(500), List.of(LockMethod.FCNTL, LockMethod.DOTLOCK), 20, Duration.ofSeconds(1),
            MboxFormat.MBOXO, true, true, MaildirNaming.POSTFIX, Hostname.get(), Clock.systemDefaultZone());

    /**
     * Checks the values as Postfix does at start-up.
     *
     * @throws IllegalArgumentException when a limit is negative, when
     *     {@code mailbox_size_limit} is smaller than {@code message_size_limit} or set while
     *     that is 0 (Postfix: "configuration error: mailbox_size_limit is smaller than
     *     message_size_limit"), when the lock list is empty or repeats a method, when {@code quoting} is neither mboxo nor mboxrd, or when
     *     the host name is empty
     */
    public DeliveryOptions {
        Objects.requireNonNull(staleLockTime, "staleLockTime");
        Objects.requireNonNull(deliveryLock, "deliveryLock");
        Objects.requireNonNull(lockDelay, "lockDelay");
        Objects.requireNonNull(quoting, "quoting");
        Objects.requireNonNull(maildirNaming, "maildirNaming");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(clock, "clock");
        if (mailboxSizeLimit < 0 || messageSizeLimit < 0) {
            throw new IllegalArgumentException("size limits must be 0 (none) or positive");
        }
        if (mailboxSizeLimit > 0 && (messageSizeLimit == 0 || mailboxSizeLimit < messageSizeLimit)) {
            throw new IllegalArgumentException(
                    "configuration error: mailbox_size_limit is smaller than message_size_limit");
        }
        if (staleLockTime.isNegative() || lockDelay.isNegative() || lockAttempts < 1) {
            throw new IllegalArgumentException("stale_lock_time and deliver_lock_delay must not be negative, "
                    + "deliver_lock_attempts must be at least 1");
        }
        deliveryLock = List.copyOf(deliveryLock);
        if (deliveryLock.isEmpty() || deliveryLock.stream().distinct().count() != deliveryLock.size()) {
            throw new IllegalArgumentException("mailbox_delivery_lock must name each lock method once");
        }
        if (quoting != MboxFormat.MBOXO && quoting != MboxFormat.MBOXRD) {
            throw new IllegalArgumentException("mbox quoting must be MBOXO or MBOXRD, not " + quoting);
        }
        if (hostname.isEmpty()) {
            throw new IllegalArgumentException("hostname is empty");
        }
    }

    /** A copy with other size limits (0 for none). */
    public DeliveryOptions withSizeLimits(long mailboxSize, long messageSize) {
        return new DeliveryOptions(mailboxSize, messageSize, staleLockTime, deliveryLock, lockAttempts, lockDelay,
                quoting, originalRecipientHeader, deliveredToHeader, maildirNaming, hostname, clock);
    }

    /** A copy with other lock settings ({@code mailbox_delivery_lock}, attempts, delay, stale time). */
    public DeliveryOptions withLocking(List<LockMethod> locks, int attempts, Duration delay, Duration staleTime) {
        return new DeliveryOptions(mailboxSizeLimit, messageSizeLimit, staleTime, locks, attempts, delay,
                quoting, originalRecipientHeader, deliveredToHeader, maildirNaming, hostname, clock);
    }

    /** A copy with another mbox quoting ({@link MboxFormat#MBOXO} or {@link MboxFormat#MBOXRD}). */
    public DeliveryOptions withQuoting(MboxFormat q) {
        return new DeliveryOptions(mailboxSizeLimit, messageSizeLimit, staleLockTime, deliveryLock, lockAttempts,
                lockDelay, q, originalRecipientHeader, deliveredToHeader, maildirNaming, hostname, clock);
    }

    /** A copy with the envelope headers switched on or off. */
    public DeliveryOptions withHeaders(boolean originalRecipient, boolean deliveredTo) {
        return new DeliveryOptions(mailboxSizeLimit, messageSizeLimit, staleLockTime, deliveryLock, lockAttempts,
                lockDelay, quoting, originalRecipient, deliveredTo, maildirNaming, hostname, clock);
    }

    /** A copy with another Maildir naming and host name. */
    public DeliveryOptions withMaildirNaming(MaildirNaming naming, String host) {
        return new DeliveryOptions(mailboxSizeLimit, messageSizeLimit, staleLockTime, deliveryLock, lockAttempts,
                lockDelay, quoting, originalRecipientHeader, deliveredToHeader, naming, host, clock);
    }

    /** A copy with another clock (its zone is the zone of mbox From_ lines). */
    public DeliveryOptions withClock(Clock c) {
        return new DeliveryOptions(mailboxSizeLimit, messageSizeLimit, staleLockTime, deliveryLock, lockAttempts,
                lockDelay, quoting, originalRecipientHeader, deliveredToHeader, maildirNaming, hostname, c);
    }
}
