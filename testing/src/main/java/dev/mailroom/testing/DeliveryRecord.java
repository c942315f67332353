package dev.mailroom.testing;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One delivery attempt that a Postfix delivery agent logged: who it was for, which agent
 * handled it, and the outcome.
 *
 * @param agent the logging program without the syslog name, e.g. {@code local}, {@code virtual},
 *     {@code discard}, {@code error}, {@code smtp}
 * @param queueId the queue id of the message
 * @param recipient the final recipient ({@code to=})
 * @param originalRecipient the original recipient ({@code orig_to=}), empty when not logged
 * @param relay the {@code relay=} field, e.g. {@code local}, {@code none}, {@code host[addr]:port}
 * @param dsn the enhanced status code, e.g. {@code 2.0.0}
 * @param status {@code sent}, {@code deferred}, {@code bounced} or {@code expired}
 * @param text the text in parentheses after the status
 */
public record DeliveryRecord(
        String agent,
        String queueId,
        String recipient,
        String originalRecipient,
        String relay,
        String dsn,
        String status,
        String text) {

    private static final Pattern LINE = Pattern.compile(
            "^.*? [^ \\[]*?/?([a-z0-9-]+)\\[\\d+\\]: ([0-9A-Za-z]+): to=<([^>]*)>,"
                    + "(?: orig_to=<([^>]*)>,)? relay=([^,]*), .*? dsn=([0-9.]+), status=([a-z]+) \\((.*)\\)$");

    /**
     * Parses one maillog line.
     *
     * @param line a line as Postfix writes it to {@code maillog_file}
     * @return the delivery record, or empty when the line is not a delivery record
     */
    public static Optional<DeliveryRecord> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new DeliveryRecord(m.group(1), m.group(2), m.group(3),
                m.group(4) == null ? "" : m.group(4), m.group(5), m.group(6), m.group(7), m.group(8)));
    }
}
