package dev.mailroom.resolve;

import java.util.List;
import java.util.Objects;

/**
 * The result of a 1:1 rewrite (canonical or generic).
 *
 * @param address the rewritten address
 * @param explanation the lookups that changed it
 * @param warnings warnings Postfix would log (multi-valued entry, nesting)
 */
public record Rewrite(String address, List<Step> explanation, List<String> warnings) {

    /** @throws NullPointerException when a component is null */
    public Rewrite {
        Objects.requireNonNull(address, "address");
        explanation = List.copyOf(explanation);
        warnings = List.copyOf(warnings);
    }
}
