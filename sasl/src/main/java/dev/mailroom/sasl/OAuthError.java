package dev.mailroom.sasl;

import java.util.Map;
import java.util.Optional;

/**
 * The JSON error a server sends inside an XOAUTH2 or OAUTHBEARER exchange (RFC 7628
 * section 3.2.2; Google's XOAUTH2 uses the same members), for example
 * {@code {"status":"401","schemes":"Bearer","scope":"https://mail.google.com/"}}.
 *
 * @param status the {@code status} member ("invalid_token", "401"...), empty when absent
 * @param scope the {@code scope} member, if any
 * @param schemes the {@code schemes} member, if any
 * @param openidConfiguration the {@code openid-configuration} member, if any
 * @param members every string member of the object, as sent
 */
public record OAuthError(String status, Optional<String> scope, Optional<String> schemes,
        Optional<String> openidConfiguration, Map<String, String> members) {

    /** Copies {@code members}. */
    public OAuthError {
        members = Map.copyOf(members);
    }

    /** @return a one-line summary, e.g. {@code status=401 schemes=Bearer scope=https://mail.google.com/} */
    public String summary() {
        StringBuilder sb = new StringBuilder("status=").append(status.isEmpty() ? "(none)" : status);
        schemes.ifPresent(s -> sb.append(" schemes=").append(s));
        scope.ifPresent(s -> sb.append(" scope=").append(s));
        openidConfiguration.ifPresent(s -> sb.append(" openid-configuration=").append(s));
        return sb.toString();
    }
}
