package dev.mailroom.address;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;

/** The RFC 5321 / RFC 6531 path and mailbox grammar behind {@link MailAddress#parse(String)}. */
final class AddressParser {

    private final String in;

    private AddressParser(String in) {
        this.in = in;
    }

    static MailAddress parse(String text, boolean allowUnqualified) {
        Objects.requireNonNull(text, "text");
        return new AddressParser(text).parse(allowUnqualified);
    }

    private AddressSyntaxException error(String reason, int index) {
        return new AddressSyntaxException(in, reason, index);
    }

    private MailAddress parse(boolean allowUnqualified) {
        checkCharacters();
        if (in.isEmpty()) {
            throw error("empty address (the null sender is written <>)", 0);
        }
        int start = 0;
        int end = in.length();
        if (in.charAt(0) == '<') {
            if (in.charAt(end - 1) != '>' || end == 1) {
                throw error("'<' without closing '>'", 0);
            }
            if (end == 2) {
                return MailAddress.nullSender();
            }
            start = 1;
            end--;
            if (in.charAt(start) == '@') {
                start = skipSourceRoute(start, end);
            }
        }
        // local part
        StringBuilder local = new StringBuilder();
        int i;
        if (in.charAt(start) == '"') {
            i = quotedString(start, end, local);
        } else {
            i = dotString(start, end, local);
        }
        String localPart = local.toString();
        int formattedLocal = MailAddress.utf8Length(MailAddress.formatLocalPart(localPart));
        if (formattedLocal > MailAddress.MAX_LOCAL_PART_OCTETS) {
            throw error("local part is " + formattedLocal + " octets long, more than "
                    + MailAddress.MAX_LOCAL_PART_OCTETS, start);
        }
        if (i == end) {
            if (!allowUnqualified) {
                throw error("missing '@' and domain", i);
            }
            checkPathLength(formattedLocal, 0);
            return new MailAddress(false, localPart, "", "", "", null);
        }
        if (in.charAt(i) != '@') {
            throw error("unexpected " + describe(i) + " after the local part (expected '@')", i);
        }
        int domainStart = i + 1;
        if (domainStart == end) {
            throw error("missing domain after '@'", domainStart);
        }
        String domain = in.substring(domainStart, end);
        int domainOctets = MailAddress.utf8Length(domain);
        if (domainOctets > MailAddress.MAX_DOMAIN_OCTETS) {
            throw error("domain is " + domainOctets + " octets long, more than " + MailAddress.MAX_DOMAIN_OCTETS,
                    domainStart);
        }
        MailAddress result;
        if (in.charAt(domainStart) == '[') {
            result = addressLiteral(localPart, domainStart, end);
        } else {
            result = domainName(localPart, domainStart, end);
        }
        checkPathLength(formattedLocal, domainOctets);
        return result;
    }

    private void checkPathLength(int localOctets, int domainOctets) {
        int path = 2 + localOctets + (domainOctets == 0 ? 0 : 1 + domainOctets);
        if (path > MailAddress.MAX_PATH_OCTETS) {
            throw error("path <local-part@domain> is " + path + " octets long, more than "
                    + MailAddress.MAX_PATH_OCTETS, -1);
        }
    }

    /** Control characters and unpaired surrogates are refused wherever they are. */
    private void checkCharacters() {
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            if (Character.getType(c) == Character.CONTROL) {
                throw error("control character " + describe(i), i);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < in.length() && Character.isLowSurrogate(in.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw error("unpaired surrogate " + String.format("U+%04X", (int) c), i);
            }
            if (Character.isLowSurrogate(c)) {
                throw error("unpaired surrogate " + String.format("U+%04X", (int) c), i);
            }
        }
    }

    /** {@code @one.example,@two.example:} is checked and skipped (RFC 5321 section 4.1.2). */
    private int skipSourceRoute(int start, int end) {
        int i = start;
        while (true) {
            if (i >= end || in.charAt(i) != '@') {
                throw error("expected '@' in source route", i);
            }
            int d = i + 1;
            int j = d;
            while (j < end && in.charAt(j) != ',' && in.charAt(j) != ':') {
                j++;
            }
            if (j == end) {
                throw error("source route without ':'", start);
            }
            if (j == d) {
                throw error("empty domain in source route", d);
            }
            domainName("", d, j);
            if (in.charAt(j) == ':') {
                if (j + 1 == end) {
                    throw error("missing mailbox after source route", j + 1);
                }
                return j + 1;
            }
            i = j + 1;
        }
    }

    private int quotedString(int start, int end, StringBuilder out) {
        int i = start + 1;
        while (true) {
            if (i >= end) {
                throw error("unbalanced quote: quoted string is not closed", start);
            }
            char c = in.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= end) {
                    throw error("unbalanced quote: backslash at the end of a quoted string", i);
                }
                char q = in.charAt(i + 1);
                if (q < 0x20 || q > 0x7e) {
                    throw error("quoted-pair with " + describe(i + 1) + " (only printable ASCII may follow '\\')",
                            i + 1);
                }
                out.append(q);
                i += 2;
                continue;
            }
            // qtextSMTP: printable ASCII but '"' and '\', plus UTF-8 (RFC 6531); controls were refused already
            out.append(c);
            i++;
        }
    }

    private int dotString(int start, int end, StringBuilder out) {
        int i = start;
        boolean atomStart = true;
        while (i < end) {
            char c = in.charAt(i);
            if (c == '@') {
                break;
            }
            if (c == '.') {
                if (atomStart) {
                    throw error(i == start ? "local part starts with '.'" : "empty atom ('..') in local part", i);
                }
                atomStart = true;
            } else if (MailAddress.isAtext(c)) {
                atomStart = false;
            } else if (c == '"') {
                throw error("unbalanced quote: '\"' inside an unquoted local part", i);
            } else {
                throw error(describe(i) + " is not allowed in an unquoted local part (it must be quoted)", i);
            }
            out.append(c);
            i++;
        }
        if (i == start) {
            throw error("empty local part", i);
        }
        if (atomStart) {
            throw error("local part ends with '.'", i - 1);
        }
        return i;
    }

    private MailAddress domainName(String localPart, int start, int end) {
        StringBuilder ascii = new StringBuilder(end - start);
        int labelStart = start;
        for (int i = start; i <= end; i++) {
            if (i < end && in.charAt(i) != '.') {
                continue;
            }
            if (i == labelStart) {
                throw error(i == end ? "domain ends with '.'" : "empty label in domain", i);
            }
            if (ascii.length() > 0) {
                ascii.append('.');
            }
            ascii.append(label(labelStart, i));
            labelStart = i + 1;
        }
        String domain = in.substring(start, end);
        String asciiDomain = ascii.toString();
        if (asciiDomain.length() > MailAddress.MAX_DOMAIN_OCTETS) {
            throw error("domain is " + asciiDomain.length() + " octets long in A-label form, more than "
                    + MailAddress.MAX_DOMAIN_OCTETS, start);
        }
        return new MailAddress(false, localPart, domain, asciiDomain, asciiDomain.toLowerCase(Locale.ROOT), null);
    }

    /** Checks one label and returns its ASCII (A-label) form. */
    private String label(int start, int end) {
        String label = in.substring(start, end);
        if (!MailAddress.isAscii(label)) {
            for (int i = start; i < end; i++) {
                char c = in.charAt(i);
                if (c < 0x80 && !isLetDig(c) && c != '-') {
                    throw error(describe(i) + " is not allowed in a domain name", i);
                }
            }
            String a;
            try {
                a = IDN.toASCII(label, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                throw error("invalid internationalized label \"" + label + "\" (" + e.getMessage() + ")", start);
            }
            if (a.isEmpty() || a.indexOf('.') >= 0 || a.length() > 63) {
                throw error("invalid internationalized label \"" + label + "\"", start);
            }
            return a;
        }
        for (int i = start; i < end; i++) {
            char c = in.charAt(i);
            if (!isLetDig(c) && c != '-') {
                throw error(describe(i) + " is not allowed in a domain name", i);
            }
        }
        if (in.charAt(start) == '-') {
            throw error("domain label starts with '-'", start);
        }
        if (in.charAt(end - 1) == '-') {
            throw error("domain label ends with '-'", end - 1);
        }
        if (end - start > 63) {
            throw error("domain label is " + (end - start) + " octets long, more than 63", start);
        }
        if (label.regionMatches(true, 0, "xn--", 0, 4)) {
            String u = IDN.toUnicode(label);
            boolean ok;
            try {
                ok = !u.equalsIgnoreCase(label) && IDN.toASCII(u, IDN.USE_STD3_ASCII_RULES).equalsIgnoreCase(label);
            } catch (IllegalArgumentException e) {
                ok = false;
            }
            if (!ok) {
                throw error("invalid A-label \"" + label + "\" (not valid Punycode for IDNA)", start);
            }
        }
        return label;
    }

    private static boolean isLetDig(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private MailAddress addressLiteral(String localPart, int start, int end) {
        int close = in.indexOf(']', start);
        if (close < 0) {
            throw error("'[' without closing ']' in address literal", start);
        }
        if (close != end - 1) {
            throw error("unexpected " + describe(close + 1) + " after address literal", close + 1);
        }
        String content = in.substring(start + 1, close);
        String domain = in.substring(start, end);
        byte[] bytes;
        String key;
        if (content.regionMatches(true, 0, "IPv6:", 0, 5)) {
            bytes = ipv6(content.substring(5), start + 6);
            StringBuilder sb = new StringBuilder("[ipv6:");
            for (int g = 0; g < 8; g++) {
                if (g > 0) {
                    sb.append(':');
                }
                sb.append(Integer.toHexString(((bytes[2 * g] & 0xff) << 8) | (bytes[2 * g + 1] & 0xff)));
            }
            key = sb.append(']').toString();
        } else {
            int colon = content.indexOf(':');
            if (colon >= 0) {
                throw error("unsupported address literal tag \"" + content.substring(0, colon)
                        + "\" (only IPv6 is defined)", start + 1);
            }
            bytes = ipv4(content, start + 1);
            key = "[" + (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "."
                    + (bytes[3] & 0xff) + "]";
        }
        InetAddress address;
        try {
            address = InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of length " + bytes.length, e);
        }
        return new MailAddress(false, localPart, domain, domain, key, address);
    }

    /** RFC 5321 IPv4-address-literal: four Snum (1 to 3 digits, at most 255). */
    private byte[] ipv4(String s, int at) {
        byte[] out = new byte[4];
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw error("invalid IPv4 address literal \"" + s + "\" (need four dot-separated numbers)", at);
        }
        for (int p = 0; p < 4; p++) {
            String part = parts[p];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                    || Integer.parseInt(part) > 255) {
                throw error("invalid IPv4 address literal \"" + s + "\" (bad number \"" + part + "\")", at);
            }
            out[p] = (byte) Integer.parseInt(part);
        }
        return out;
    }

    /**
     * An IPv6 address in the text forms of RFC 4291 section 2.2 (full, "::"-compressed, with a
     * trailing dotted IPv4 part), which are the forms RFC 5321's IPv6-addr describes.
     */
    private byte[] ipv6(String s, int at) {
        String bad = "invalid IPv6 address literal \"" + s + "\"";
        int[] groups = new int[8];
        int dc = s.indexOf("::");
        if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
            throw error(bad + " (more than one '::')", at);
        }
        String left = dc >= 0 ? s.substring(0, dc) : s;
        String right = dc >= 0 ? s.substring(dc + 2) : "";
        int[] l = ipv6Groups(left, dc < 0, bad, at);
        int[] r = dc >= 0 ? ipv6Groups(right, true, bad, at) : new int[0];
        int n = l.length + r.length;
        if (dc < 0 && n != 8) {
            throw error(bad + " (need 8 groups)", at);
        }
        if (dc >= 0 && n > 7) {
            throw error(bad + " (too many groups for '::')", at);
        }
        System.arraycopy(l, 0, groups, 0, l.length);
        System.arraycopy(r, 0, groups, 8 - r.length, r.length);
        byte[] out = new byte[16];
        for (int g = 0; g < 8; g++) {
            out[2 * g] = (byte) (groups[g] >>> 8);
            out[2 * g + 1] = (byte) groups[g];
        }
        return out;
    }

    private int[] ipv6Groups(String s, boolean mayEndWithIpv4, String bad, int at) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int last = parts.length - 1;
        boolean v4 = mayEndWithIpv4 && parts[last].indexOf('.') >= 0;
        int[] out = new int[parts.length + (v4 ? 1 : 0)];
        for (int p = 0; p < parts.length; p++) {
            String part = parts[p];
            if (p == last && v4) {
                byte[] b = ipv4Inner(part, bad, at);
                out[p] = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
                out[p + 1] = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
                continue;
            }
            if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(AddressParser::isHex)) {
                throw error(bad + " (bad group \"" + part + "\")", at);
            }
            out[p] = Integer.parseInt(part, 16);
        }
        return out;
    }

    private byte[] ipv4Inner(String s, String bad, int at) {
        try {
            return ipv4(s, at);
        } catch (AddressSyntaxException e) {
            throw error(bad + " (bad IPv4 part \"" + s + "\")", at);
        }
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** A character for a message: {@code 'x'}, or its code point and name for the unprintable. */
    private String describe(int i) {
        int cp = in.codePointAt(i);
        String name = switch (cp) {
            case 0 -> " (NUL)";
            case '\r' -> " (CR)";
            case '\n' -> " (LF)";
            case '\t' -> " (TAB)";
            case 0x7f -> " (DEL)";
            default -> "";
        };
        if (cp < 0x20 || cp == 0x7f || Character.getType(cp) == Character.CONTROL || cp == ' ') {
            return String.format("U+%04X", cp) + (cp == ' ' ? " (space)" : name);
        }
        return "'" + new String(Character.toChars(cp)) + "'";
    }
}
