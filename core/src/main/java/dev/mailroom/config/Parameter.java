package dev.mailroom.config;

import java.util.Objects;

/**
 * One row of the Postfix 3.7 defaults table.
 *
 * @param name the parameter name
 * @param type how mailroom reads it ({@link ParameterType#OTHER} when it does not)
 * @param defaultValue the default as {@code postconf -d} prints it; for a
 *     {@linkplain #computed() computed} default, a description of how it is computed
 * @param computed true when Postfix computes the default from the machine
 *     ({@code myhostname}, {@code mydomain}, {@code mynetworks}, {@code process_id},
 *     {@code process_name})
 */
public record Parameter(String name, ParameterType type, String defaultValue, boolean computed) {

    /**
     * @throws NullPointerException when an argument is null
     */
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
    }

    /**
     * The unit a bare number means for a {@link ParameterType#TIME} parameter: the unit of
     * its default value, as in Postfix ({@code maximal_queue_lifetime = 5} means 5 days).
     *
     * @return one of {@code s m h d w}
     * @throws IllegalStateException when this is not a time parameter
     */
    public char timeUnit() {
        if (type != ParameterType.TIME) {
            throw new IllegalStateException(name + " is not a time parameter");
        }
        return defaultValue.charAt(defaultValue.length() - 1);
    }
}
