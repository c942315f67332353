package dev.mailroom.config;

/** How mailroom reads a Postfix parameter. */
public enum ParameterType {
    /** Free text, read with {@link MainConfig#get(String)}. */
    STRING,
    /** A list split on commas and white space, read with {@link MainConfig#getList(String)}. */
    LIST,
    /** {@code yes} or {@code no}, read with {@link MainConfig#getBoolean(String)}. */
    BOOLEAN,
    /** A whole number, read with {@link MainConfig#getInt(String)}. */
    INTEGER,
    /** A size in bytes, read with {@link MainConfig#getLong(String)}. */
    SIZE,
    /** A duration with a unit ({@code s m h d w}), read with {@link MainConfig#getTime(String)}. */
    TIME,
    /** A Postfix parameter mailroom knows by name and default but does not read. */
    OTHER
}
