package dev.mailroom.address;

import java.util.Objects;

/**
 * The result of splitting an address extension off a local part with
 * {@code recipient_delimiter}, as {@link MailAddress#splitExtension(String, boolean, String)}
 * does: {@code user+ext@example.org} gives the {@link #base() base} {@code user@example.org},
 * the {@link #delimiter() delimiter} {@code '+'} and the {@link #extension() extension}
 * {@code ext}.
 *
 * @param base the address with the delimiter and extension removed from its local part
 * @param delimiter the delimiter character found (one of the {@code recipient_delimiter} set)
 * @param extension the text after the delimiter, without it; may be empty
 *     ({@code user+@example.org})
 */
public record ExtensionSplit(MailAddress base, char delimiter, String extension) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException when {@code base} or {@code extension} is null
     */
    public ExtensionSplit {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(extension, "extension");
    }

    /**
     * The extension with its delimiter in front ({@code "+ext"}), the form Postfix remembers
     * when it strips an extension for a table lookup and appends again to the result.
     *
     * @return the delimiter followed by the extension
     */
    public String delimitedExtension() {
        return delimiter + extension;
    }
}
