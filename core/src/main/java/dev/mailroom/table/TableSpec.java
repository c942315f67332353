package dev.mailroom.table;

import java.util.Objects;

/**
 * A parsed {@code type:name} table spec.
 *
 * @param type the table type, e.g. {@code hash}
 * @param name everything after the first colon, e.g. {@code /etc/postfix/virtual}
 */
public record TableSpec(String type, String name) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when the type is empty or contains a colon
     */
    public TableSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (type.isEmpty() || type.indexOf(':') >= 0) {
            throw new IllegalArgumentException("bad table type: \"" + type + "\"");
        }
    }

    /**
     * Parses {@code type:name}. A spec without a colon or with an empty type or name is
     * rejected, as Postfix rejects it.
     *
     * @param spec the spec text
     * @return the parsed spec
     * @throws IllegalArgumentException with Postfix's wording
     *     ({@code expecting "type:name" form instead of "..."})
     */
    public static TableSpec parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("expecting \"type:name\" form instead of \"" + spec + "\"");
        }
        return new TableSpec(spec.substring(0, colon), spec.substring(colon + 1));
    }

    @Override
    public String toString() {
        return type + ":" + name;
    }
}
