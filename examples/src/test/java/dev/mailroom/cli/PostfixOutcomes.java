package dev.mailroom.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailroom.testing.DeliveryRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * What a private Postfix did with a recipient, in {@code mailroom resolve}'s notation, and
 * what {@code mailroom resolve} says for it: the two sides of the resolve differential tests.
 */
final class PostfixOutcomes {

    /** A delivery by a discard(8) service named in master.cf with its own syslog name. */
    private static final Pattern DISCARD = Pattern.compile(
            "postfix-test/([a-z0-9]+)/discard\\[\\d+\\]: ([0-9A-Za-z]+): to=<");

    private PostfixOutcomes() {
    }

    /**
     * Runs {@code mailroom resolve} in-process.
     *
     * @return its output lines ({@code INPUT<TAB>DESTINATION})
     */
    static List<String> resolve(Path configDirectory, String sender, String address) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new MailroomCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute("resolve", "-c", configDirectory.toString(), "-f", sender.isEmpty() ? "<>" : sender,
                address);
        assertTrue(status == 0 || status == 1, "status " + status + ": " + err);
        List<String> lines = new ArrayList<>();
        for (String l : out.toString().split("\n")) {
            if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        return lines;
    }

    /** queue id + recipient → master.cf service name, for deliveries by discard services. */
    static Map<String, String> discardAgents(List<String> logLines) {
        Map<String, String> out = new TreeMap<>();
        for (String l : logLines) {
            Matcher m = DISCARD.matcher(l);
            if (m.find()) {
                int to = m.end();
                out.put(m.group(2) + " " + l.substring(to, l.indexOf('>', to)), m.group(1));
            }
        }
        return out;
    }

    /** The address folded, its extension (first delimiter after the first character) cut off. */
    static String withoutExtension(String address, String delimiters) {
        String a = address.toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        for (int i = 1; i < at; i++) {
            if (delimiters.indexOf(a.charAt(i)) >= 0) {
                return a.substring(0, i) + a.substring(at);
            }
        }
        return a;
    }

    /**
     * What Postfix did, in {@code mailroom resolve}'s notation.
     *
     * @param d a delivery record from the log
     * @param agents {@link #discardAgents}
     * @param delimiters the instance's {@code recipient_delimiter}
     * @param vmailboxResult the virtual_mailbox_maps result for a recipient virtual(8) delivered to
     */
    static String token(DeliveryRecord d, Map<String, String> agents, String delimiters,
            Function<String, String> vmailboxResult) {
        if (d.status().equals("bounced")) {
            return "bounce:" + d.dsn();
        }
        if (d.status().equals("deferred")) {
            return "defer:" + d.dsn() + " (" + d.text() + ")";
        }
        String text = d.text();
        if (text.startsWith("delivered to command: ")) {
            return "command:" + text.substring("delivered to command: ".length());
        }
        if (text.startsWith("delivered to file: ")) {
            return "file:" + text.substring("delivered to file: ".length());
        }
        if (d.agent().equals("virtual")) {
            return (text.contains("maildir") ? "maildir:" : "mbox:") + vmailboxResult.apply(d.recipient());
        }
        if (d.agent().equals("local") && text.startsWith("delivered to mailbox")) {
            String a = withoutExtension(d.recipient(), delimiters);
            return "mailbox:" + a.substring(0, a.lastIndexOf('@'));
        }
        String svc = agents.get(d.queueId() + " " + d.recipient());
        if (svc != null) {
            return "relay:" + svc + ":" + text + ":" + d.recipient();
        }
        return "unexpected:" + d;
    }
}
