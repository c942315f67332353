package dev.mailroom.smtp.internal;

import dev.mailroom.smtp.MessageContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.OptionalLong;

/**
 * Content read from a re-openable stream.
 *
 * @param source opens the stream
 * @param size the size, when known
 * @param eightBit whether it has 8-bit octets
 * @param utf8Headers whether its header has UTF-8
 */
public record SimpleContent(MessageContent.StreamSource source, OptionalLong size, boolean eightBit,
        boolean utf8Headers) implements MessageContent {
    @Override
    public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = source.open()) {
            in.transferTo(out);
        }
    }
}
