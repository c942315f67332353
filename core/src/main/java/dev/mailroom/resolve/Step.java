package dev.mailroom.resolve;

import java.util.Objects;

/**
 * One step of an explanation: which stage consulted what, with which key, and what came out.
 *
 * @param stage the stage, such as {@code canonical_maps}, {@code virtual_alias_maps},
 *     {@code class}, {@code alias_maps}, {@code forward}, {@code transport_maps}
 * @param source where the rule comes from: a table spec, or a parameter with its
 *     {@code main.cf} line ({@code main.cf, line 12: relayhost}); empty when built in
 * @param key the key looked up or the address examined
 * @param result what the step produced
 */
public record Step(String stage, String source, String key, String result) {

    /** @throws NullPointerException when a component is null */
    public Step {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(result, "result");
    }

    /** @return the step as one line: {@code stage source: key -> result} */
    @Override
    public String toString() {
        return stage + (source.isEmpty() ? "" : " " + source) + ": " + key + " -> " + result;
    }
}
