package dev.mailroom.resolve.internal;

/**
 * One address at one hop of a resolution: the text in Postfix's internal form (decision 70)
 * with the offset of its last {@code @}, and the forms that table searches, address classes
 * and local(8) derive from it (local part, domain, extension split, quoted and folded keys),
 * each worked out on first use and then kept. A hop passes the same object from cleanup to
 * trivial-rewrite to local(8), so no step splits the text again.
 *
 * <p>Everything here is a function of the text and of the resolver's fixed settings
 * ({@link Rules}); nothing depends on a table. The resolver keeps the addresses it derives
 * from a table result with that result ({@code Engine.Value}), so a result met again brings
 * its parsed addresses, and their keys with computed hashes, along. Unsynchronised lazy
 * fields: a race computes the same immutable value twice.
 */
final class Addr {

    /**
     * The settings the derived forms depend on, and where domains and their derived forms are
     * kept ({@link Interner}: a resolution meets few of them).
     */
    record Rules(String delimiters, boolean ownerRequestSpecial, String doubleBounce, Interner domains) {
    }

    private static final byte YES = 1;
    private static final byte NO = 2;

    /** The address. */
    final String text;
    /** Its last {@code @}, or -1. */
    final int at;
    private final Rules rules;

    /**
     * {@link #split()} plus 2, 0 while unknown: a default value means "not computed", so an
     * object another thread sees before its fields are written only recomputes.
     */
    private int split2;
    private byte plain;
    private String local;
    private Interner.Domain domain;
    private String quotedAddress;
    private String base;
    private String quotedBase;
    private String baseAddress;
    private String quotedBaseAddress;
    private String foldedLocal;
    /** {@link #foldedSplit()} plus 2, 0 while unknown. */
    private int foldedSplit2;
    private String user;
    private String quotedFoldedLocal;
    private String quotedUser;
    private String ownerOfLocal;
    private String ownerOfUser;
    /** The resolver's state for the account of {@link #user()}, checked against the account at each use. */
    Object account;

    Addr(String text, Rules rules) {
        this.text = text;
        this.at = AddressText.at(text);
        this.rules = rules;
    }

    /** @return where the local part ends: the {@code @}, or the end */
    int localEnd() {
        return at < 0 ? text.length() : at;
    }

    /** @return the index of the extension delimiter in the local part, or -1 */
    int split() {
        int s = split2;
        if (s == 0) {
            s = AddressText.splitAt(text, localEnd(), rules.delimiters(), rules.ownerRequestSpecial(),
                    rules.doubleBounce()) + 2;
            split2 = s;
        }
        return s - 2;
    }

    /** @return whether the local part is a dot-atom (needs no quotes in a key) */
    boolean plainLocal() {
        byte p = plain;
        if (p == 0) {
            p = AddressText.isDotAtom(text, 0, localEnd()) ? YES : NO;
            plain = p;
        }
        return p == YES;
    }

    /** @return the local part (the whole text when there is no {@code @}) */
    String local() {
        String l = local;
        if (l == null) {
            l = at < 0 ? text : text.substring(0, at);
            local = l;
        }
        return l;
    }

    /** @return the domain with its derived forms (only for an address with a domain) */
    Interner.Domain domainInfo() {
        Interner.Domain d = domain;
        if (d == null) {
            d = rules.domains().domain(text, at + 1);
            domain = d;
        }
        return d;
    }

    /** @return the domain, or {@code ""} */
    String domain() {
        return at < 0 ? "" : domainInfo().name;
    }

    /** @return the domain, case-folded */
    String foldedDomain() {
        return at < 0 ? "" : domainInfo().folded();
    }

    /** @return {@code @domain} (only for an address with a domain) */
    String atDomain() {
        return domainInfo().at();
    }

    /** @return the address with its local part quoted when it is not a dot-atom */
    String quotedAddress() {
        if (plainLocal()) {
            return text;
        }
        String q = quotedAddress;
        if (q == null) {
            String ql = AddressText.quoteLocal(local());
            q = at < 0 ? ql : ql + atDomain();
            quotedAddress = q;
        }
        return q;
    }

    /** @return the quoted local part (the local part when it is a dot-atom) */
    String quotedLocal() {
        if (plainLocal()) {
            return local();
        }
        String q = quotedAddress();
        return at < 0 ? q : q.substring(0, q.length() - (text.length() - at));
    }

    /** @return the local part without its extension (only when {@link #split()} is not -1) */
    String base() {
        String b = base;
        if (b == null) {
            b = text.substring(0, split());
            base = b;
        }
        return b;
    }

    /** @return {@link #base()}, quoted when it is not a dot-atom */
    String quotedBase() {
        String q = quotedBase;
        if (q == null) {
            // a non-empty prefix of a dot-atom that does not end with a dot is one
            q = plainLocal() && text.charAt(split() - 1) != '.' ? base() : AddressText.quoteLocal(base());
            quotedBase = q;
        }
        return q;
    }

    /** @return {@link #base()} with the domain */
    String baseAddress() {
        String b = baseAddress;
        if (b == null) {
            b = at < 0 ? base() : base() + atDomain();
            baseAddress = b;
        }
        return b;
    }

    /** @return {@link #quotedBase()} with the domain */
    String quotedBaseAddress() {
        String b = quotedBaseAddress;
        if (b == null) {
            String qb = quotedBase();
            b = qb.equals(base()) ? baseAddress() : at < 0 ? qb : qb + atDomain();
            quotedBaseAddress = b;
        }
        return b;
    }

    // ------------------------------------------------------------------ local(8)'s view

    /** @return the local part, case-folded (local(8) works on it) */
    String foldedLocal() {
        String f = foldedLocal;
        if (f == null) {
            f = AddressText.fold(local());
            foldedLocal = f;
        }
        return f;
    }

    /** @return the index of the extension delimiter in {@link #foldedLocal()}, or -1 */
    int foldedSplit() {
        int s = foldedSplit2;
        if (s == 0) {
            s = AddressText.splitAt(foldedLocal(), rules.delimiters(), rules.ownerRequestSpecial(),
                    rules.doubleBounce()) + 2;
            foldedSplit2 = s;
        }
        return s - 2;
    }

    /** @return the folded local part without its extension */
    String user() {
        String u = user;
        if (u == null) {
            int s = foldedSplit();
            u = s < 0 ? foldedLocal() : foldedLocal().substring(0, s);
            user = u;
        }
        return u;
    }

    /** @return the folded extension without its delimiter, or null */
    String extension() {
        int s = foldedSplit();
        return s < 0 ? null : foldedLocal().substring(s + 1);
    }

    /** @return the extension delimiter found, or {@code ""} */
    String delimiter() {
        int s = foldedSplit();
        return s < 0 ? "" : String.valueOf(foldedLocal().charAt(s));
    }

    /** @return {@link #foldedLocal()} as an alias key: quoted when it is not a dot-atom */
    String quotedFoldedLocal() {
        String q = quotedFoldedLocal;
        if (q == null) {
            String f = foldedLocal();
            // folding left the local part as it was: it is a dot-atom when the local part is
            q = f == local() && plainLocal() ? f : AddressText.quoteLocal(f);
            quotedFoldedLocal = q;
        }
        return q;
    }

    /** @return {@link #user()} as an alias key: quoted when it is not a dot-atom */
    String quotedUser() {
        String q = quotedUser;
        if (q == null) {
            String u = user();
            int s = foldedSplit();
            q = quotedFoldedLocal() == foldedLocal() && (s < 0 || foldedLocal().charAt(s - 1) != '.') ? u
                    : AddressText.quoteLocal(u);
            quotedUser = q;
        }
        return q;
    }

    /**
     * @param ofUser the alias found is {@link #user()} (else {@link #foldedLocal()})
     * @return the key of the alias's owner: {@code owner-} and the alias name
     */
    String ownerKey(boolean ofUser) {
        String o = ofUser ? ownerOfUser : ownerOfLocal;
        if (o == null) {
            o = "owner-" + (ofUser ? user() : foldedLocal());
            if (ofUser) {
                ownerOfUser = o;
            } else {
                ownerOfLocal = o;
            }
        }
        return o;
    }

    @Override
    public String toString() {
        return text;
    }
}
