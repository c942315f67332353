package dev.mailroom.resolve;

import java.util.List;
import java.util.Objects;

/**
 * What became of one envelope recipient.
 *
 * @param recipient the recipient as given
 * @param sender the envelope sender after canonical rewriting ({@code ""} for the null sender)
 * @param destinations the final destinations, in Postfix's order, duplicates removed
 * @param warnings the warnings Postfix would log on the way (nesting, multi-valued entries,
 *     table errors)
 */
public record Resolution(String recipient, String sender, List<Resolved> destinations, List<String> warnings) {

    /** @throws NullPointerException when a component is null */
    public Resolution {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(sender, "sender");
        destinations = List.copyOf(destinations);
        warnings = List.copyOf(warnings);
    }

    /**
     * @return true when every destination is a delivery (none is a {@link Destination.Bounce}
     *     or {@link Destination.Defer})
     */
    public boolean delivered() {
        for (Resolved r : destinations) {
            if (r.destination() instanceof Destination.Bounce || r.destination() instanceof Destination.Defer) {
                return false;
            }
        }
        return true;
    }
}
