package dev.mailroom.address;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 5321 mailbox ({@code local-part@domain}), an unqualified local part (only when asked
 * for), or the null sender {@code <>}. Immutable and thread-safe.
 *
 * <h2>What is accepted</h2>
 * <ul>
 *   <li>With or without angle brackets: {@code user@example.org}, {@code <user@example.org>}.
 *       Inside brackets an RFC 5321 source route ({@code <@a.example,@b.example:user@d>}) is
 *       accepted and dropped, as RFC 5321 section 4.1.2 asks. {@code <>} is the
 *       {@linkplain #nullSender() null sender}; the empty string is not an address.</li>
 *   <li>Local parts as a dot-string ({@code first.last}, {@code a+b}) or a quoted string
 *       ({@code "john doe"}, {@code "a\"b"}); UTF-8 characters in both (RFC 6531), in which case
 *       {@link #needsSmtpUtf8()} is true. {@link #localPart()} is the unquoted (internal) form;
 *       {@link #formattedLocalPart()} quotes it only when a dot-string cannot express it, as
 *       RFC 5321 section 4.1.2 requires.</li>
 *   <li>Domain names of letters, digits and hyphens, and internationalized names both as
 *       U-labels ({@code bücher.example}) and A-labels ({@code xn--bcher-kva.example}),
 *       converted with {@link java.net.IDN} (IDNA 2003, the JDK's implementation).</li>
 *   <li>Address literals: {@code [192.0.2.1]} and {@code [IPv6:2001:db8::1]} (tag case
 *       ignored), validated; other tags are rejected because none is registered.</li>
 * </ul>
 *
 * <h2>What is rejected</h2>
 * Every problem raises {@link AddressSyntaxException} naming the problem and its character
 * index: control characters anywhere (CR, LF, NUL, TAB, DEL, C1 controls), unpaired
 * surrogates, unbalanced quotes or brackets, empty atoms or labels, characters outside the
 * grammar, a local part longer than 64 octets, a domain longer than 255 octets (or a label
 * longer than 63), and a path ({@code <local@domain>}) longer than 256 octets. Lengths count
 * UTF-8 octets of the formatted form (minimal quoting, domain as written); an internationalized
 * domain must also fit 255 octets in its A-label form.
 *
 * <h2>Equality</h2>
 * Two addresses are equal when their local parts are equal (case-sensitive, unquoted form, as
 * RFC 5321 demands) and their domains are equal ignoring case and IDN form
 * ({@code Bücher.example} equals {@code xn--bcher-kva.EXAMPLE}); address literals are equal
 * when they denote the same IP address. {@link #lookupKey()} gives the case-folded key Postfix
 * uses to search its tables.
 */
public final class MailAddress {

    /** RFC 5321 section 4.5.3.1.1: the longest local part, in octets. */
    public static final int MAX_LOCAL_PART_OCTETS = 64;
    /** RFC 5321 section 4.5.3.1.2: the longest domain, in octets. */
    public static final int MAX_DOMAIN_OCTETS = 255;
    /** RFC 5321 section 4.5.3.1.3: the longest path, angle brackets included, in octets. */
    public static final int MAX_PATH_OCTETS = 256;

    /** Options for {@link #parse(String, ParseOption...)}. */
    public enum ParseOption {
        /**
         * Accept a local part without {@code @domain} ({@code root}), as Postfix accepts before it
         * appends {@code $myorigin}. {@link #isQualified()} tells such addresses apart.
         */
        ALLOW_UNQUALIFIED
    }

    private static final MailAddress NULL_SENDER = new MailAddress(true, "", "", "", "", null);

    private final boolean nullSender;
    private final String localPart;
    private final String domain;
    private final String asciiDomain;
    /** Lowercase A-label form, or the normalised literal; "" when there is no domain. */
    private final String domainKey;
    private final InetAddress literal;

    MailAddress(boolean nullSender, String localPart, String domain, String asciiDomain, String domainKey,
            InetAddress literal) {
        this.nullSender = nullSender;
        this.localPart = localPart;
        this.domain = domain;
        this.asciiDomain = asciiDomain;
        this.domainKey = domainKey;
        this.literal = literal;
    }

    /**
     * Parses a mailbox, a path in angle brackets or the null sender {@code <>}. The domain is
     * required.
     *
     * @param text the address, without surrounding white space
     * @return the address
     * @throws AddressSyntaxException when {@code text} is not a valid address; the message and
     *     {@link AddressSyntaxException#index()} say what and where
     * @throws NullPointerException when {@code text} is null
     */
    public static MailAddress parse(String text) {
        return AddressParser.parse(text, false);
    }

    /**
     * Parses an address with options, for example {@link ParseOption#ALLOW_UNQUALIFIED}.
     *
     * @param text the address, without surrounding white space
     * @param options parse options
     * @return the address
     * @throws AddressSyntaxException when {@code text} is not a valid address
     * @throws NullPointerException when an argument is null
     */
    public static MailAddress parse(String text, ParseOption... options) {
        boolean unqualified = false;
        for (ParseOption o : options) {
            if (Objects.requireNonNull(o, "option") == ParseOption.ALLOW_UNQUALIFIED) {
                unqualified = true;
            }
        }
        return AddressParser.parse(text, unqualified);
    }

    /**
     * Like {@link #parse(String)}, but returns an empty Optional instead of throwing
     * {@link AddressSyntaxException}.
     *
     * @param text the address
     * @return the address, or empty when {@code text} is not a valid address
     * @throws NullPointerException when {@code text} is null
     */
    public static Optional<MailAddress> tryParse(String text) {
        return tryParse(text, new ParseOption[0]);
    }

    /**
     * Like {@link #parse(String, ParseOption...)}, but returns an empty Optional instead of
     * throwing {@link AddressSyntaxException}.
     *
     * @param text the address
     * @param options parse options
     * @return the address, or empty when {@code text} is not a valid address
     * @throws NullPointerException when an argument is null
     */
    public static Optional<MailAddress> tryParse(String text, ParseOption... options) {
        try {
            return Optional.of(parse(text, options));
        } catch (AddressSyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * Builds an address from an unquoted local part and a domain, checking both exactly as
     * {@link #parse(String)} does (quoting is added where needed).
     *
     * @param localPart the local part in its unquoted form, for example {@code john doe}
     * @param domain a domain name or address literal; the empty string makes an unqualified
     *     address
     * @return the address
     * @throws AddressSyntaxException when the parts do not form a valid address; its
     *     {@link AddressSyntaxException#input() input} is the formatted address
     * @throws NullPointerException when an argument is null
     */
    public static MailAddress of(String localPart, String domain) {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
        String text = formatLocalPart(localPart);
        if (domain.isEmpty()) {
            return AddressParser.parse(text, true);
        }
        return AddressParser.parse(text + "@" + domain, false);
    }

    /**
     * The null sender {@code <>} (the reverse-path of bounces).
     *
     * @return the null sender
     */
    public static MailAddress nullSender() {
        return NULL_SENDER;
    }

    /** @return true for the null sender {@code <>} */
    public boolean isNullSender() {
        return nullSender;
    }

    /** @return true when the address has a domain; false for the null sender and unqualified addresses */
    public boolean isQualified() {
        return !domain.isEmpty();
    }

    /**
     * The local part in its unquoted (internal) form: {@code "john doe"@d} gives
     * {@code john doe}. Empty for the null sender (and for {@code ""@d}).
     *
     * @return the local part
     */
    public String localPart() {
        return localPart;
    }

    /**
     * The local part as it is written in an address: unchanged when it is a valid dot-string,
     * otherwise quoted with {@code \} before {@code "} and {@code \}.
     *
     * @return the formatted local part; empty for the null sender
     */
    public String formattedLocalPart() {
        return nullSender ? "" : formatLocalPart(localPart);
    }

    /**
     * The domain as it was written (case and IDN form kept), an address literal with its
     * brackets ({@code [192.0.2.1]}), or the empty string for the null sender and unqualified
     * addresses.
     *
     * @return the domain
     */
    public String domain() {
        return domain;
    }

    /**
     * The domain with every U-label converted to its A-label ({@code bücher.example} gives
     * {@code xn--bcher-kva.example}); other labels and literals are kept as written.
     *
     * @return the ASCII domain; empty when there is no domain
     */
    public String asciiDomain() {
        return asciiDomain;
    }

    /**
     * The domain with every A-label converted to its U-label ({@code xn--bcher-kva.example}
     * gives {@code bücher.example}); other labels and literals are kept as written.
     *
     * @return the Unicode domain; empty when there is no domain
     */
    public String unicodeDomain() {
        if (domain.isEmpty() || literal != null) {
            return domain;
        }
        return java.net.IDN.toUnicode(domain);
    }

    /** @return true when the domain is an address literal such as {@code [192.0.2.1]} */
    public boolean isAddressLiteral() {
        return literal != null;
    }

    /**
     * The IP address of an address literal, built without any DNS lookup.
     *
     * @return the address, or empty when the domain is not an address literal
     */
    public Optional<InetAddress> literalAddress() {
        return Optional.ofNullable(literal);
    }

    /**
     * Whether sending this address needs the SMTPUTF8 extension (RFC 6531): true when the local
     * part holds a non-ASCII character. A non-ASCII domain alone does not need it, because it
     * can be sent in its {@linkplain #asciiDomain() A-label form}, which is what Postfix's SMTP
     * client does for a server without SMTPUTF8.
     *
     * @return true when the local part is not pure ASCII
     */
    public boolean needsSmtpUtf8() {
        return !isAscii(localPart);
    }

    /** @return true when the address as written (local part and domain) is pure ASCII */
    public boolean isAscii() {
        return isAscii(localPart) && isAscii(domain);
    }

    /**
     * This address with its domain in A-label form (see {@link #asciiDomain()}).
     *
     * @return an equal address whose {@link #domain()} is ASCII
     */
    public MailAddress withAsciiDomain() {
        if (asciiDomain.equals(domain)) {
            return this;
        }
        return new MailAddress(false, localPart, asciiDomain, asciiDomain, domainKey, literal);
    }

    /**
     * This address with its domain in U-label form (see {@link #unicodeDomain()}).
     *
     * @return an equal address whose {@link #domain()} uses U-labels
     */
    public MailAddress withUnicodeDomain() {
        String u = unicodeDomain();
        if (u.equals(domain)) {
            return this;
        }
        return new MailAddress(false, localPart, u, asciiDomain, domainKey, literal);
    }

    /**
     * This address with another local part, checked as {@link #of(String, String)} does.
     *
     * @param newLocalPart the unquoted local part
     * @return the new address
     * @throws AddressSyntaxException when the result is not a valid address
     * @throws IllegalStateException when this is the null sender
     */
    public MailAddress withLocalPart(String newLocalPart) {
        if (nullSender) {
            throw new IllegalStateException("the null sender has no local part");
        }
        return of(newLocalPart, domain);
    }

    /**
     * This address with another domain (or none, with {@code ""}), checked as
     * {@link #of(String, String)} does; how Postfix appends {@code $myorigin} to an
     * unqualified address.
     *
     * @param newDomain the domain name or address literal, or {@code ""}
     * @return the new address
     * @throws AddressSyntaxException when the result is not a valid address
     * @throws IllegalStateException when this is the null sender
     */
    public MailAddress withDomain(String newDomain) {
        if (nullSender) {
            throw new IllegalStateException("the null sender has no domain");
        }
        return of(localPart, newDomain);
    }

    /**
     * The local part case-folded as Postfix folds table keys: see {@link #foldCase(String)}.
     *
     * @return the folded unquoted local part
     */
    public String foldedLocalPart() {
        return foldCase(localPart);
    }

    /**
     * The key Postfix builds to search a fixed table (hash, btree, texthash, ...) for this
     * address: the {@linkplain #formattedLocalPart() formatted} (quoted where needed) local
     * part and the domain as written, both {@linkplain #foldCase(String) case-folded}. The
     * unquoted variant is {@code foldedLocalPart() + "@" + foldCase(domain())}. An unqualified
     * address gives only its local part; the null sender gives {@code ""} (Postfix uses a
     * per-feature key for it, for example {@code <>}).
     *
     * @return the lookup key
     */
    public String lookupKey() {
        if (nullSender) {
            return "";
        }
        String local = foldCase(formatLocalPart(localPart));
        return domain.isEmpty() ? local : local + "@" + foldCase(domain);
    }

    /**
     * Folds case as Postfix 3.7 does for fixed-table keys with {@code smtputf8_enable = yes}:
     * ASCII letters are lowercased; text with non-ASCII characters gets Unicode full case
     * folding, so that {@code STRASSE}, {@code straße} and {@code Strasse} give the same key
     * (verified with {@code postmap -q}). The JDK has no full case folding; this uses
     * upper-casing followed by per-code-point lower-casing, which agrees with the Unicode
     * folding table except for a few characters (U+0130, and Cherokee, which folds to upper
     * case). With {@code smtputf8_enable = no} Postfix folds ASCII letters only.
     *
     * @param text the text to fold
     * @return the folded text
     */
    public static String foldCase(String text) {
        boolean hasUpper = false;
        boolean ascii = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                ascii = false;
                break;
            }
            hasUpper |= c >= 'A' && c <= 'Z';
        }
        if (ascii) {
            return hasUpper ? text.toLowerCase(Locale.ROOT) : text;
        }
        String upper = text.toUpperCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(upper.length());
        upper.codePoints().forEach(cp -> sb.appendCodePoint(Character.toLowerCase(cp)));
        return sb.toString();
    }

    /**
     * Splits the address extension off the local part with Postfix's defaults for the other
     * parameters: {@code owner_request_special = yes}, {@code double_bounce_sender =
     * double-bounce}. See {@link #splitExtension(String, boolean, String)}.
     *
     * @param recipientDelimiter the value of {@code recipient_delimiter}, a set of characters
     * @return the split, or empty when nothing is split
     * @throws NullPointerException when the argument is null
     */
    public Optional<ExtensionSplit> splitExtension(String recipientDelimiter) {
        return splitExtension(recipientDelimiter, true, "double-bounce");
    }

    /**
     * Splits the address extension off the local part as Postfix 3.7 does for
     * {@code recipient_delimiter}: {@code user+ext@d} gives {@code user@d} and {@code ext}.
     * <ul>
     *   <li>{@code recipientDelimiter} is a set of characters; the split happens at the first
     *       occurrence of any of them ({@code a-b+c} with {@code +-} splits at {@code -}). An
     *       empty set never splits.</li>
     *   <li>Nothing is split when the user part would be empty ({@code +ext@d}), nor for the
     *       local parts {@code postmaster}, {@code MAILER-DAEMON} and
     *       {@code doubleBounceSender}, compared without case.</li>
     *   <li>When {@code ownerRequestSpecial} is true and {@code -} is in the set,
     *       {@code owner-*} and {@code *-request} (with a non-empty {@code *}) are not split
     *       either.</li>
     *   <li>A delimiter at the end splits off an empty extension ({@code user+@d}).</li>
     * </ul>
     * The split works on the unquoted local part; the null sender is never split.
     *
     * @param recipientDelimiter the value of {@code recipient_delimiter}
     * @param ownerRequestSpecial the value of {@code owner_request_special}
     * @param doubleBounceSender the value of {@code double_bounce_sender}
     * @return the split, or empty when nothing is split
     * @throws NullPointerException when an argument is null
     */
    public Optional<ExtensionSplit> splitExtension(String recipientDelimiter, boolean ownerRequestSpecial,
            String doubleBounceSender) {
        Objects.requireNonNull(recipientDelimiter, "recipientDelimiter");
        Objects.requireNonNull(doubleBounceSender, "doubleBounceSender");
        if (nullSender || localPart.isEmpty() || recipientDelimiter.isEmpty()) {
            return Optional.empty();
        }
        if (localPart.equalsIgnoreCase("postmaster") || localPart.equalsIgnoreCase("MAILER-DAEMON")
                || foldCase(localPart).equals(foldCase(doubleBounceSender))) {
            return Optional.empty();
        }
        if (ownerRequestSpecial && recipientDelimiter.indexOf('-') >= 0) {
            if (localPart.regionMatches(true, 0, "owner-", 0, 6)) {
                return Optional.empty();
            }
            int suffix = localPart.length() - "-request".length();
            if (suffix > 0 && localPart.regionMatches(true, suffix, "-request", 0, 8)) {
                return Optional.empty();
            }
        }
        int at = -1;
        for (int i = 0; i < localPart.length(); i++) {
            if (recipientDelimiter.indexOf(localPart.charAt(i)) >= 0) {
                at = i;
                break;
            }
        }
        if (at <= 0) {
            return Optional.empty();
        }
        MailAddress base = new MailAddress(false, localPart.substring(0, at), domain, asciiDomain, domainKey,
                literal);
        return Optional.of(new ExtensionSplit(base, localPart.charAt(at), localPart.substring(at + 1)));
    }

    /**
     * The address as a mailbox: {@code formattedLocalPart() + "@" + domain()}, the formatted
     * local part alone when unqualified, {@code <>} for the null sender. Parsing the result
     * gives an equal address.
     *
     * @return the formatted address
     */
    @Override
    public String toString() {
        if (nullSender) {
            return "<>";
        }
        String local = formatLocalPart(localPart);
        return domain.isEmpty() ? local : local + "@" + domain;
    }

    /**
     * The address as an SMTP path: {@code <} + {@link #toString()} + {@code >}, or {@code <>}
     * for the null sender.
     *
     * @return the path
     */
    public String toPath() {
        return nullSender ? "<>" : "<" + this + ">";
    }

    /**
     * Equal when both are the null sender, or when the unquoted local parts are equal
     * (case-sensitive) and the domains are equal without regard to case and IDN form
     * (address literals: the same IP address).
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof MailAddress other
                && nullSender == other.nullSender
                && localPart.equals(other.localPart)
                && domainKey.equals(other.domainKey);
    }

    @Override
    public int hashCode() {
        return (nullSender ? 1 : 0) + 31 * localPart.hashCode() + 961 * domainKey.hashCode();
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5321 atext, extended by RFC 6531 with every non-ASCII character. */
    static boolean isAtext(char c) {
        if (c >= 0x80) {
            return true;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    static boolean isDotString(String s) {
        if (s.isEmpty() || s.charAt(0) == '.' || s.charAt(s.length() - 1) == '.') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (s.charAt(i - 1) == '.') {
                    return false;
                }
            } else if (!isAtext(c)) {
                return false;
            }
        }
        return true;
    }

    static String formatLocalPart(String local) {
        if (isDotString(local)) {
            return local;
        }
        StringBuilder sb = new StringBuilder(local.length() + 2).append('"');
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
