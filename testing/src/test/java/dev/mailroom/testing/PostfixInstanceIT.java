package dev.mailroom.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PostfixInstanceIT {

    @TempDir
    Path dir;

    @Test
    void privateInstance_deliversLocally_capturesRelays_andLogsEachRecipient() throws Exception {
        try (PostfixInstance pf = PostfixInstance.builder(dir.resolve("pf"))
                .param("mydestination", "$myhostname, localhost, example.test")
                .param("alias_maps", "hash:$root/etc/aliases")
                .postalias("aliases", "postmaster: root\n")
                .start()) {
            pf.sendmail("sender@example.test", List.of("postmaster", "someone@far.test"),
                    "Message-ID: <one@test>\nSubject: hello\n\nFrom the start of a line\n".getBytes(StandardCharsets.US_ASCII));
            pf.sendmail("sender@example.test", List.of("other@far.test"),
                    "Message-ID: <two@test>\nSubject: again\n\nbody\n".getBytes(StandardCharsets.US_ASCII));
            pf.awaitSettled(Duration.ofSeconds(60));

            Map<String, DeliveryRecord> byRecipient = pf.deliveries().stream()
                    .collect(Collectors.toMap(DeliveryRecord::recipient, Function.identity()));
            assertEquals("local", byRecipient.get("root@mx.example.test").agent());
            assertEquals("postmaster", byRecipient.get("root@mx.example.test").originalRecipient());
            assertEquals("discard", byRecipient.get("someone@far.test").agent());
            assertEquals("captured", byRecipient.get("someone@far.test").text());

            assertEquals(List.of("other@far.test"),
                    pf.deliveriesOf("two@test").stream().map(DeliveryRecord::recipient).toList());
            assertEquals(2, pf.deliveriesOf("one@test").size());
            assertEquals(Set.of(pf.deliveriesOf("two@test").get(0).queueId()), pf.queueIdsOf("two@test"));

            String mbox = Files.readString(pf.spoolDirectory().resolve("root"), StandardCharsets.UTF_8);
            assertTrue(mbox.startsWith("From sender@example.test  "), mbox);
            assertTrue(mbox.contains("\n>From the start of a line\n"), mbox);
        }
    }
}
