package dev.mailroom.smtp;

import dev.mailroom.address.MailAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One envelope recipient with its DSN parameters (RFC 3461), sent only when the server offers DSN.
 *
 * @param address the forward-path
 * @param notifications {@code NOTIFY=} values; empty for none
 * @param orcpt the original recipient for {@code ORCPT=rfc822;...} (xtext-encoded on the wire)
 */
public record Recipient(MailAddress address, Set<DsnNotify> notifications, Optional<String> orcpt) {

    /** Checks and copies. */
    public Recipient {
        Objects.requireNonNull(address, "address");
        if (address.isNullSender()) {
            throw new IllegalArgumentException("the null sender <> is not a recipient");
        }
        notifications = Set.copyOf(notifications);
        Objects.requireNonNull(orcpt, "orcpt");
    }

    /** @return a recipient without DSN parameters */
    public static Recipient of(MailAddress address) {
        return new Recipient(address, Set.of(), Optional.empty());
    }

    /** @return a recipient without DSN parameters, parsed with {@link MailAddress#parse(String)} */
    public static Recipient of(String address) {
        return of(MailAddress.parse(address));
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
