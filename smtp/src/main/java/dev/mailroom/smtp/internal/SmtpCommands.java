package dev.mailroom.smtp.internal;

import dev.mailroom.address.MailAddress;
import dev.mailroom.smtp.DsnNotify;
import dev.mailroom.smtp.UnsafeCommandException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;

/**
 * Builds command lines as the bytes that go on the wire, CRLF included.
 *
 * <p>Every piece of text, verbs included, goes through one path that encodes it with a strict
 * encoder (US-ASCII, or UTF-8 once SMTPUTF8 is in use; unmappable characters are refused,
 * never replaced) and then checks the <em>encoded bytes</em>: no control octet (0x00 to 0x1F,
 * 0x7F) may appear, so no CR, LF or NUL can be smuggled into a command by a value that looked
 * harmless as a Java string (CVE-2025-7962 in Jakarta/Angus Mail, where characters such as
 * U+010D were cast to the byte 0x0D). Violations raise {@link UnsafeCommandException} before
 * any byte is returned, so nothing is sent.
 */
public final class SmtpCommands {

    /** {@code DATA}. */
    public static final byte[] DATA = fixed("DATA");
    /** {@code RSET}. */
    public static final byte[] RSET = fixed("RSET");
    /** {@code NOOP}. */
    public static final byte[] NOOP = fixed("NOOP");
    /** {@code QUIT}. */
    public static final byte[] QUIT = fixed("QUIT");
    /** {@code STARTTLS}. */
    public static final byte[] STARTTLS = fixed("STARTTLS");

    /** RFC 3461 section 4.4: the longest ENVID value. */
    public static final int MAX_ENVID = 100;
    /** RFC 3461 section 4.2: the longest ORCPT value (address type included). */
    public static final int MAX_ORCPT = 500;

    private SmtpCommands() {
    }

    private static byte[] fixed(String verb) {
        return new Line(false).text("command", verb).end();
    }

    /**
     * {@code EHLO name}.
     *
     * @param name the client's host name (ASCII; A-labels for IDN) or address literal
     * @return the command bytes
     * @throws UnsafeCommandException when the name is empty, holds a space or a control
     *     octet, is not ASCII, or is longer than 255 octets
     */
    public static byte[] ehlo(String name) {
        return hello("EHLO", name);
    }

    /**
     * {@code HELO name}, the fallback when EHLO is refused.
     *
     * @param name as for {@link #ehlo(String)}
     * @return the command bytes
     * @throws UnsafeCommandException as for {@link #ehlo(String)}
     */
    public static byte[] helo(String name) {
        return hello("HELO", name);
    }

    /**
     * {@code LHLO name} (LMTP, RFC 2033).
     *
     * @param name as for {@link #ehlo(String)}
     * @return the command bytes
     * @throws UnsafeCommandException as for {@link #ehlo(String)}
     */
    public static byte[] lhlo(String name) {
        return hello("LHLO", name);
    }

    private static byte[] hello(String verb, String name) {
        String field = verb + " name";
        if (name.isEmpty()) {
            throw new UnsafeCommandException(field, "empty");
        }
        if (name.length() > 255) {
            throw new UnsafeCommandException(field, "longer than 255 characters");
        }
        int sp = name.indexOf(' ');
        if (sp >= 0) {
            throw new UnsafeCommandException(field, "space at index " + sp);
        }
        return new Line(false).text("command", verb + " ").text(field, name).end();
    }

    /**
     * {@code MAIL FROM:<sender> [SIZE=n] [BODY=x] [SMTPUTF8] [RET=x] [ENVID=xtext]}.
     * Without {@code utf8} the sender's domain is sent in A-label form and a non-ASCII local
     * part is refused.
     *
     * @param sender the reverse-path ({@link MailAddress#nullSender()} gives {@code <>})
     * @param params the parameters
     * @param utf8 true when SMTPUTF8 is in use for this transaction (UTF-8 on the wire)
     * @return the command bytes
     * @throws UnsafeCommandException when a value cannot be encoded or would put a control
     *     octet on the wire, or the ENVID is not printable ASCII or too long
     */
    public static byte[] mailFrom(MailAddress sender, MailParameters params, boolean utf8) {
        Line line = new Line(utf8).text("command", "MAIL FROM:").text("MAIL FROM address", path(sender, utf8));
        if (params.size() >= 0) {
            line.text("SIZE", " SIZE=" + params.size());
        }
        if (params.body() != null) {
            line.text("BODY", " BODY=" + params.body().keyword());
        }
        if (params.smtpUtf8()) {
            line.text("SMTPUTF8", " SMTPUTF8");
        }
        if (params.ret() != null) {
            line.text("RET", " RET=" + params.ret().keyword());
        }
        if (params.envid() != null) {
            String x = xtext("ENVID", params.envid());
            if (x.isEmpty() || x.length() > MAX_ENVID) {
                throw new UnsafeCommandException("ENVID", "encoded length " + x.length() + " is not 1 to " + MAX_ENVID);
            }
            line.text("ENVID", " ENVID=" + x);
        }
        return line.end();
    }

    /**
     * {@code RCPT TO:<recipient> [NOTIFY=x,y] [ORCPT=rfc822;xtext]}.
     *
     * @param recipient the forward-path; must not be the null sender
     * @param params the DSN parameters
     * @param utf8 true when SMTPUTF8 is in use for this transaction
     * @return the command bytes
     * @throws UnsafeCommandException when a value cannot be encoded or would put a control
     *     octet on the wire, or the ORCPT is not printable ASCII or too long
     * @throws IllegalArgumentException when {@code recipient} is the null sender
     */
    public static byte[] rcptTo(MailAddress recipient, RcptParameters params, boolean utf8) {
        if (recipient.isNullSender()) {
            throw new IllegalArgumentException("the null sender <> is not a recipient");
        }
        Line line = new Line(utf8).text("command", "RCPT TO:").text("RCPT TO address", path(recipient, utf8));
        if (!params.notifications().isEmpty()) {
            StringBuilder sb = new StringBuilder(" NOTIFY=");
            boolean first = true;
            for (DsnNotify n : EnumSet.copyOf(params.notifications())) {
                if (!first) {
                    sb.append(',');
                }
                sb.append(n.name());
                first = false;
            }
            line.text("NOTIFY", sb.toString());
        }
        if (params.orcpt() != null) {
            String value = "rfc822;" + xtext("ORCPT", params.orcpt());
            if (params.orcpt().isEmpty() || value.length() > MAX_ORCPT) {
                throw new UnsafeCommandException("ORCPT", "encoded length " + value.length() + " is not 1 to " + MAX_ORCPT);
            }
            line.text("ORCPT", " ORCPT=" + value);
        }
        return line.end();
    }

    /**
     * {@code AUTH mechanism [initial-response]} (RFC 4954). The response is never shown in an
     * error message.
     *
     * @param mechanism the SASL mechanism name (RFC 4422: 1 to 20 of {@code A-Z 0-9 - _}, any
     *     case; sent upper-cased)
     * @param initialResponse the base64 initial response, {@code "="} for an empty one, or
     *     null for none
     * @return the command bytes
     * @throws UnsafeCommandException when the mechanism name or the response is malformed
     */
    public static byte[] auth(String mechanism, String initialResponse) {
        String mech = mechanism.toUpperCase(Locale.ROOT);
        if (mech.isEmpty() || mech.length() > 20 || !mech.chars().allMatch(
                c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
            throw new UnsafeCommandException("AUTH mechanism", "not a SASL mechanism name (1 to 20 of A-Z 0-9 - _)");
        }
        Line line = new Line(false).text("command", "AUTH ").text("AUTH mechanism", mech);
        if (initialResponse != null) {
            checkBase64("AUTH initial response", initialResponse, true);
            line.text("AUTH initial response", " " + initialResponse);
        }
        return line.end();
    }

    /**
     * One client line in an AUTH exchange: a base64 response, or {@code "*"} to cancel.
     *
     * @param response the base64 text (may be empty), or {@code "*"}
     * @return the line bytes
     * @throws UnsafeCommandException when {@code response} is not base64 (the value is not shown)
     */
    public static byte[] authResponse(String response) {
        if (!response.equals("*")) {
            checkBase64("AUTH response", response, false);
        }
        return new Line(false).text("AUTH response", response).end();
    }

    /**
     * {@code BDAT size [LAST]} (RFC 3030).
     *
     * @param size the chunk size in octets
     * @param last whether this is the last chunk
     * @return the command bytes
     * @throws IllegalArgumentException when {@code size} is negative
     */
    public static byte[] bdat(long size, boolean last) {
        if (size < 0) {
            throw new IllegalArgumentException("BDAT size must not be negative: " + size);
        }
        return new Line(false).text("command", "BDAT " + size + (last ? " LAST" : "")).end();
    }

    private static String path(MailAddress address, boolean utf8) {
        if (address.isNullSender()) {
            return "<>";
        }
        MailAddress a = utf8 ? address : address.withAsciiDomain();
        return a.toPath();
    }

    private static String xtext(String field, String value) {
        try {
            return Xtext.encode(value);
        } catch (IllegalArgumentException e) {
            throw new UnsafeCommandException(field, e.getMessage());
        }
    }

    private static void checkBase64(String field, String s, boolean allowLoneEquals) {
        if (allowLoneEquals && s.equals("=")) {
            return;
        }
        int i = 0;
        while (i < s.length() && isBase64(s.charAt(i))) {
            i++;
        }
        int pad = 0;
        while (i < s.length() && s.charAt(i) == '=' && pad < 2) {
            i++;
            pad++;
        }
        if (i != s.length() || s.length() % 4 != 0) {
            throw new UnsafeCommandException(field, "not base64 (value not shown)");
        }
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    /** A command line under construction; the only way text becomes command bytes. */
    static final class Line {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(80);
        private final Charset charset;

        Line(boolean utf8) {
            this.charset = utf8 ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII;
        }

        Line text(String field, String text) {
            byte[] bytes = encode(field, text);
            for (int i = 0; i < bytes.length; i++) {
                int b = bytes[i] & 0xff;
                if (b < 0x20 || b == 0x7f) {
                    throw new UnsafeCommandException(field, String.format(
                            "would put the control octet 0x%02X%s on the wire (encoded offset %d)", b, name(b), i));
                }
            }
            out.write(bytes, 0, bytes.length);
            return this;
        }

        byte[] end() {
            out.write('\r');
            out.write('\n');
            return out.toByteArray();
        }

        private byte[] encode(String field, String text) {
            CharsetEncoder enc = charset.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                ByteBuffer bb = enc.encode(CharBuffer.wrap(text));
                byte[] bytes = new byte[bb.remaining()];
                bb.get(bytes);
                return bytes;
            } catch (CharacterCodingException e) {
                int bad = firstUnencodable(text);
                throw new UnsafeCommandException(field, (charset == StandardCharsets.US_ASCII
                        ? "not US-ASCII (SMTPUTF8 is not in use)" : "not valid UTF-16 text")
                        + (bad >= 0 ? String.format(": U+%04X at index %d", (int) text.charAt(bad), bad) : ""));
            }
        }

        private int firstUnencodable(String text) {
            CharsetEncoder enc = charset.newEncoder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1)) && charset == StandardCharsets.UTF_8) {
                        i++;
                        continue;
                    }
                    return i;
                }
                if (!enc.canEncode(c)) {
                    return i;
                }
            }
            return -1;
        }

        private static String name(int b) {
            return switch (b) {
                case 0 -> " (NUL)";
                case '\r' -> " (CR)";
                case '\n' -> " (LF)";
                default -> "";
            };
        }
    }
}
