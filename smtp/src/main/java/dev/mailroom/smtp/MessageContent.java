package dev.mailroom.smtp;

import dev.mailroom.smtp.internal.ContentScan;
import dev.mailroom.smtp.internal.SimpleContent;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The content of one message (RFC 5322 header and body), written to the server as it is read:
 * never held whole in memory by the engine. Content may be written more than once (a retry on a
 * fresh connection), so each source can be re-read.
 */
public interface MessageContent {

    /**
     * Writes the content. Line endings may be LF, CRLF or CR; the engine normalises them to
     * CRLF and dot-stuffs (DATA) on the way.
     *
     * @param out where to write
     * @throws IOException when reading the source or writing fails
     */
    void writeTo(OutputStream out) throws IOException;

    /** @return the size in octets, for {@code SIZE=} and the server's limit; empty when unknown */
    OptionalLong size();

    /** @return whether the content has octets above 127 (sent with {@code BODY=8BITMIME} when offered) */
    boolean eightBit();

    /** @return whether the header has UTF-8 (the message needs SMTPUTF8, RFC 6532) */
    boolean utf8Headers();

    /** Headers never sent with a {@link MimeMessage}: {@code Bcc} (RFC 5322 section 3.6.3) and {@code Content-Length}. */
    String[] IGNORED_HEADERS = {"Bcc", "Content-Length"};

    /** A re-openable stream. */
    @FunctionalInterface
    interface StreamSource {
        /**
         * @return a new stream positioned at the start of the content
         * @throws IOException when it cannot be opened
         */
        InputStream open() throws IOException;
    }

    /**
     * @param bytes the message (not copied: do not change it while sending)
     * @return the content
     */
    static MessageContent of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        ContentScan s = ContentScan.of(bytes, 0, bytes.length);
        return new SimpleContent(() -> new java.io.ByteArrayInputStream(bytes), OptionalLong.of(bytes.length), s.eightBit(),
                s.utf8Headers());
    }

    /**
     * Reads the file once to learn its size and 8-bit content; it is then streamed per send.
     *
     * @param file the message file
     * @return the content
     * @throws IOException when the file cannot be read
     */
    static MessageContent of(Path file) throws IOException {
        ContentScan s = new ContentScan();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                s.update(buf, 0, n);
            }
        }
        return new SimpleContent(() -> Files.newInputStream(file), OptionalLong.of(Files.size(file)), s.eightBit(),
                s.utf8Headers());
    }

    /**
     * @param source opens the content (called once per send)
     * @param size the size in octets, or -1 when unknown
     * @param eightBit whether it has 8-bit octets
     * @param utf8Headers whether the header has UTF-8
     * @return the content
     */
    static MessageContent of(StreamSource source, long size, boolean eightBit, boolean utf8Headers) {
        Objects.requireNonNull(source, "source");
        return new SimpleContent(source, size < 0 ? OptionalLong.empty() : OptionalLong.of(size), eightBit, utf8Headers);
    }

    /**
     * A Jakarta Mail message, without its {@code Bcc} header. It is written once to count its size and look for 8-bit octets,
     * then written again per send: never held as one byte array.
     *
     * @param message the message (saved with {@code saveChanges()} by the caller when needed)
     * @return the content
     * @throws IOException when the message cannot be written
     */
    static MessageContent of(MimeMessage message) throws IOException {
        Objects.requireNonNull(message, "message");
        ContentScan s = new ContentScan();
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                s.update(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                s.update(b, off, len);
            }
        };
        try {
            message.writeTo(counter, IGNORED_HEADERS);
        } catch (MessagingException e) {
            throw new IOException("cannot write the message: " + e.getMessage(), e);
        }
        long size = s.size();
        return new MessageContent() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                try {
                    message.writeTo(out, IGNORED_HEADERS);
                } catch (MessagingException e) {
                    throw new IOException("cannot write the message: " + e.getMessage(), e);
                }
            }

            @Override
            public OptionalLong size() {
                return OptionalLong.of(size);
            }

            @Override
            public boolean eightBit() {
                return s.eightBit();
            }

            @Override
            public boolean utf8Headers() {
                return s.utf8Headers();
            }
        };
    }
}
