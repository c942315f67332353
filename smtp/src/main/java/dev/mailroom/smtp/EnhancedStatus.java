package dev.mailroom.smtp;

import java.util.Optional;

/**
 * An RFC 3463 enhanced mail system status code, {@code class.subject.detail}, such as
 * {@code 5.1.1} (bad destination mailbox address). Immutable.
 *
 * <p>Valid values: class 2 (success), 4 (persistent transient failure) or 5 (permanent
 * failure); subject and detail 0 to 999, written with one to three digits (RFC 3463
 * section 2).
 *
 * @param statusClass the class: 2, 4 or 5
 * @param subject the subject, 0 to 999
 * @param detail the detail, 0 to 999
 */
public record EnhancedStatus(int statusClass, int subject, int detail) {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the class is not 2, 4 or 5, or subject or detail is
     *     outside 0 to 999
     */
    public EnhancedStatus {
        if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
            throw new IllegalArgumentException("enhanced status class must be 2, 4 or 5: " + statusClass);
        }
        if (subject < 0 || subject > 999) {
            throw new IllegalArgumentException("enhanced status subject must be 0 to 999: " + subject);
        }
        if (detail < 0 || detail > 999) {
            throw new IllegalArgumentException("enhanced status detail must be 0 to 999: " + detail);
        }
    }

    /**
     * Parses {@code class.subject.detail}.
     *
     * @param text the status, for example {@code "4.7.1"}, with nothing around it
     * @return the status
     * @throws IllegalArgumentException when {@code text} is not a valid status
     * @throws NullPointerException when {@code text} is null
     */
    public static EnhancedStatus parse(String text) {
        return tryParse(text).orElseThrow(
                () -> new IllegalArgumentException("not an enhanced status code (class.subject.detail): \""
                        + Reply.escape(text) + "\""));
    }

    /**
     * Like {@link #parse(String)}, but returns empty instead of throwing.
     *
     * @param text the status
     * @return the status, or empty when {@code text} is not valid
     * @throws NullPointerException when {@code text} is null
     */
    public static Optional<EnhancedStatus> tryParse(String text) {
        int end = prefixLength(text, 0);
        if (end < 0 || end != text.length()) {
            return Optional.empty();
        }
        return Optional.of(fromPrefix(text, end));
    }

    /**
     * The length of a valid status at {@code start} of {@code text}, or -1 when there is none.
     * The status must be followed by the end of the text or a space.
     */
    static int prefixLength(String text, int start) {
        int i = start;
        if (i >= text.length() || "245".indexOf(text.charAt(i)) < 0) {
            return -1;
        }
        i++;
        for (int part = 0; part < 2; part++) {
            if (i >= text.length() || text.charAt(i) != '.') {
                return -1;
            }
            i++;
            int digits = 0;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
                digits++;
            }
            if (digits < 1 || digits > 3) {
                return -1;
            }
        }
        if (i < text.length() && text.charAt(i) != ' ') {
            return -1;
        }
        return i - start;
    }

    static EnhancedStatus fromPrefix(String text, int length) {
        String[] parts = text.substring(0, length).split("\\.");
        return new EnhancedStatus(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    /** @return true for class 2 */
    public boolean isSuccess() {
        return statusClass == 2;
    }

    /** @return true for class 4 (try again later) */
    public boolean isTransient() {
        return statusClass == 4;
    }

    /** @return true for class 5 (do not try again) */
    public boolean isPermanent() {
        return statusClass == 5;
    }

    /** @return {@code class.subject.detail} without leading zeros, for example {@code 5.1.1} */
    @Override
    public String toString() {
        return statusClass + "." + subject + "." + detail;
    }
}
