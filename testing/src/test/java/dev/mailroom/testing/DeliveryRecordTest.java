package dev.mailroom.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

final class DeliveryRecordTest {

    @Test
    void parse_localDelivery_withOriginalRecipient() {
        Optional<DeliveryRecord> r = DeliveryRecord.parse("Nov 21 21:41:43 mx pfi/local[11573]: 262B420C4FF: "
                + "to=<root@mx.example.test>, orig_to=<postmaster>, relay=local, delay=0.02, "
                + "delays=0.01/0.01/0/0, dsn=2.0.0, status=sent (delivered to mailbox)");
        assertEquals(Optional.of(new DeliveryRecord("local", "262B420C4FF", "root@mx.example.test", "postmaster",
                "local", "2.0.0", "sent", "delivered to mailbox")), r);
    }

    @Test
    void parse_bounce_keepsTextWithParentheses() {
        Optional<DeliveryRecord> r = DeliveryRecord.parse("Nov 21 21:41:43 mx postfix-test/smtp[42]: 4AB: "
                + "to=<a@b.test>, relay=127.0.0.1[127.0.0.1]:2525, delay=1, delays=0/0/0/1, dsn=5.1.1, "
                + "status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 no (in reply to RCPT TO command))");
        assertTrue(r.isPresent());
        assertEquals("", r.get().originalRecipient());
        assertEquals("bounced", r.get().status());
        assertEquals("host 127.0.0.1[127.0.0.1] said: 550 5.1.1 no (in reply to RCPT TO command)", r.get().text());
    }

    @Test
    void parse_otherLines_areNotDeliveries() {
        assertEquals(Optional.empty(), DeliveryRecord.parse(
                "Nov 21 21:41:43 mx pfi/qmgr[11526]: 262B420C4FF: removed"));
        assertEquals(Optional.empty(), DeliveryRecord.parse(
                "Nov 21 21:41:43 mx pfi/qmgr[11526]: 262B420C4FF: from=<s@x>, size=278, nrcpt=2 (queue active)"));
    }
}
