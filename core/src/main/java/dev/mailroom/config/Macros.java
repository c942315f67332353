package dev.mailroom.config;

import dev.mailroom.config.internal.MacroExpander;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Postfix's {@code $name} expansion over any source of values, for callers that keep
 * parameters somewhere other than a {@link MainConfig} (or need Postfix's exact warnings).
 * The syntax is described on {@link MainConfig}.
 */
public final class Macros {

    private Macros() {
    }

    /**
     * Expands text recursively.
     *
     * @param text the text
     * @param lookup gives a name's raw (unexpanded) value, or null when undefined
     * @return the expansion
     * @throws ConfigException when the text does not parse or expansion recurses without
     *     end; its detail holds Postfix's warnings
     */
    public static String expand(String text, Function<String, String> lookup) {
        List<String> problems = new ArrayList<>();
        try {
            return expand(text, lookup, problems::add);
        } catch (ConfigException e) {
            String detail = "macro processing error: " + String.join("; ", problems);
            throw new ConfigException(detail, null, 0, detail);
        }
    }

    /**
     * Expands text recursively, passing Postfix's warnings on as they happen.
     *
     * @param text the text
     * @param lookup gives a name's raw value, or null when undefined
     * @param warnings receives warnings worded as Postfix words them, such as
     *     {@code unreasonable macro call nesting: "x"}
     * @return the expansion
     * @throws ConfigException ({@code macro processing error}) after a syntax error or
     *     runaway recursion
     */
    public static String expand(String text, Function<String, String> lookup, Consumer<String> warnings) {
        Objects.requireNonNull(lookup, "lookup");
        MacroExpander.Result r = MacroExpander.expand(text, MacroExpander.RECURSE, (n, t) -> lookup.apply(n),
                warnings);
        if (r.failed()) {
            throw new ConfigException("macro processing error", null, 0, "macro processing error");
        }
        return r.text();
    }

    /**
     * The names a text refers to, in every branch of its conditionals.
     *
     * @param text the text
     * @return the names in order of first appearance
     */
    public static Set<String> references(String text) {
        Set<String> names = new LinkedHashSet<>();
        MacroExpander.expand(text, MacroExpander.SCAN, (n, t) -> {
            names.add(n);
            return null;
        }, w -> { });
        return names;
    }
}
