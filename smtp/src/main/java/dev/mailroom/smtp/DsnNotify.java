package dev.mailroom.smtp;

/**
 * The {@code NOTIFY} values of RFC 3461 section 4.1: when the sender wants a delivery status
 * notification for a recipient. {@link #NEVER} cannot be combined with the others.
 */
public enum DsnNotify {
    /** No notification at all. */
    NEVER,
    /** On successful delivery. */
    SUCCESS,
    /** On failure. */
    FAILURE,
    /** On delay. */
    DELAY
}
