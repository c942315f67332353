package dev.mailroom.cli;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailroom.smtp.Authentication;
import dev.mailroom.smtp.DeliveryReport;
import dev.mailroom.smtp.Dns;
import dev.mailroom.smtp.Envelope;
import dev.mailroom.smtp.MessageContent;
import dev.mailroom.smtp.RecipientResult;
import dev.mailroom.smtp.SmtpClient;
import dev.mailroom.smtp.SmtpOptions;
import dev.mailroom.smtp.SmtpTimeouts;
import dev.mailroom.smtp.TlsLevel;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The SMTP section of the demo: the example message sent through an embedded GreenMail SMTPS
 * smarthost on loopback, with AUTH inside TLS, showing each recipient's result; then what the
 * engine refuses to do (credentials without TLS, an SMTPUTF8 address to a server without
 * SMTPUTF8).
 */
final class SmtpDemo implements DemoSection {

    @Override
    public String title() {
        return "SMTP: sending through an SMTPS smarthost, per-recipient results";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        PrintWriter out = ctx.out();
        GreenMail smarthost = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort(),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort()});
        smarthost.setUser("alice@example.org", "alice", "demo-password");
        smarthost.start();
        try {
            int smtps = smarthost.getSmtps().getPort();
            int smtp = smarthost.getSmtp().getPort();
            out.printf("embedded GreenMail smarthost: SMTPS on 127.0.0.1:%d, plain SMTP on 127.0.0.1:%d%n", smtps, smtp);
            Path message = ctx.file("smtp/message.eml");
            MessageContent content = MessageContent.of(message);
            out.printf("message %s: %d octets, 8-bit: %s%n", message, content.size().getAsLong(), content.eightBit());

            SmtpOptions options = SmtpOptions.builder()
                    .heloName("demo.mailroom.invalid")
                    .timeouts(SmtpTimeouts.all(Duration.ofSeconds(20)))
                    .tlsLevel(TlsLevel.ENCRYPT)
                    .wrapperMode(true)
                    .authentication(Authentication.password("alice", "demo-password".toCharArray()))
                    .build();
            out.printf("options: %s%n", options);
            try (SmtpClient client = SmtpClient.create(options, Dns.table().build())) {
                Envelope env = Envelope.of("alice@example.org", "bob@example.net", "carol@example.net");
                String nexthop = "[127.0.0.1]:" + smtps;
                out.printf("%n1) deliver to %s, envelope %s -> %s%n", nexthop, env.sender(), env.recipients());
                print(out, client.deliver(nexthop, env, content));
                MimeMessage[] received = smarthost.getReceivedMessages();
                out.printf("   the smarthost holds %d message(s); Subject: %s%n", received.length,
                        received.length == 0 ? "-" : received[0].getSubject());

                out.printf("%n2) an SMTPUTF8 recipient; GreenMail does not offer SMTPUTF8%n");
                print(out, client.deliver(nexthop, Envelope.of("alice@example.org", "j\u00f6rg@example.net"), content));

                out.printf("%n3) the same credentials to the plain SMTP port at TLS level may (no STARTTLS there)%n");
                SmtpOptions plain = options.toBuilder().wrapperMode(false).tlsLevel(TlsLevel.MAY).build();
                print(out, client.deliver("[127.0.0.1]:" + smtp, plain,
                        Envelope.of("alice@example.org", "bob@example.net"), content));
                out.printf("   messages at the smarthost now: %d (nothing was sent in clear)%n",
                        smarthost.getReceivedMessages().length);
            }
        } finally {
            smarthost.stop();
        }
    }

    private static void print(PrintWriter out, DeliveryReport report) {
        for (String a : report.attempts()) {
            out.printf("   attempt: %s%n", a);
        }
        List<RecipientResult> results = report.results();
        for (RecipientResult r : results) {
            String kind = r instanceof RecipientResult.Delivered d ? "delivered"
                    + d.queueId().map(q -> " (queue id " + q + ")").orElse("")
                    : r instanceof RecipientResult.Deferred ? "deferred" : "bounced";
            out.printf("   %-22s %s %s: %s%n", r.recipient(), r.status(), kind, r.diagnostic());
        }
    }
}
