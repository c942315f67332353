package dev.mailroom.smtp.internal;

import dev.mailroom.smtp.DsnNotify;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The DSN parameters of one {@code RCPT TO} command (RFC 3461).
 *
 * @param notifications the {@code NOTIFY=} values; empty to leave the parameter out; {@code NEVER}
 *     must be alone
 * @param orcpt the original recipient for {@code ORCPT=rfc822;...} before xtext encoding
 *     (printable ASCII), or null to leave it out
 */
public record RcptParameters(Set<DsnNotify> notifications, String orcpt) {

    /** No parameters. */
    public static final RcptParameters NONE = new RcptParameters(Set.of(), null);

    /**
     * @throws IllegalArgumentException when {@code NEVER} is combined with another value
     * @throws NullPointerException when {@code notifications} is null
     */
    public RcptParameters {
        Objects.requireNonNull(notifications, "notifications");
        notifications = notifications.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(notifications));
        if (notifications.contains(DsnNotify.NEVER) && notifications.size() > 1) {
            throw new IllegalArgumentException("NOTIFY=NEVER cannot be combined with other values: " + notifications);
        }
    }
}
