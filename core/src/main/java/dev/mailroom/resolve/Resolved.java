package dev.mailroom.resolve;

import java.util.List;
import java.util.Objects;

/**
 * One final destination with the chain of steps that led to it.
 *
 * @param destination the destination
 * @param explanation the steps, first to last
 */
public record Resolved(Destination destination, List<Step> explanation) {

    /** @throws NullPointerException when a component is null */
    public Resolved {
        Objects.requireNonNull(destination, "destination");
        explanation = List.copyOf(explanation);
    }
}
