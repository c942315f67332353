package dev.mailroom.smtp;

import java.util.List;

/**
 * The outcome of {@link SmtpClient#deliver}: one result per recipient, in envelope order, and a
 * log of what was tried.
 *
 * @param results one per recipient, in envelope order
 * @param attempts one line per server tried or problem met, in order (for logs; no secrets)
 */
public record DeliveryReport(List<RecipientResult> results, List<String> attempts) {

    /** Copies. */
    public DeliveryReport {
        results = List.copyOf(results);
        attempts = List.copyOf(attempts);
    }

    /** @return whether every recipient was delivered */
    public boolean allDelivered() {
        return results.stream().allMatch(r -> r instanceof RecipientResult.Delivered);
    }

    /** @return the deferred recipients' results */
    public List<RecipientResult> deferred() {
        return results.stream().filter(r -> r instanceof RecipientResult.Deferred).toList();
    }

    /** @return the bounced recipients' results */
    public List<RecipientResult> bounced() {
        return results.stream().filter(r -> r instanceof RecipientResult.Bounced).toList();
    }
}
