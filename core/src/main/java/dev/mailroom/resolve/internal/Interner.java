package dev.mailroom.resolve.internal;

/**
 * A small direct-mapped memory of the domains a resolver meets, each with what is derived
 * from it ({@link Domain}): mail goes to few domains, so a domain cut out of an address is
 * usually found here after one pass over its characters, and its {@code @domain} key (with a
 * computed hash), folded form and mydestination answer come along. Pure: what it returns
 * depends on the domain's text only, whatever it holds. Thread-safe (a slot holds an object
 * whose lazy fields are idempotent; a race only loses a slot).
 */
final class Interner {

    /** One domain as written, and its derived forms, computed on first use. */
    static final class Domain {
        /** The domain as written. */
        final String name;
        private String at;
        private String folded;
        /**
         * Whether the domain is in mydestination (0: not known yet): kept by the resolver when
         * that list has no tables.
         */
        byte mydestination;

        Domain(String name) {
            this.name = name;
        }

        /** @return {@code @} and the domain: the last table key of a B.1 search */
        String at() {
            String a = at;
            if (a == null) {
                a = "@" + name;
                at = a;
            }
            return a;
        }

        /** @return the domain, case-folded */
        String folded() {
            String f = folded;
            if (f == null) {
                f = AddressText.fold(name);
                folded = f;
            }
            return f;
        }
    }

    private final Domain[] slots;
    private final int mask;

    /** @param size the number of slots, a power of two */
    Interner(int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two: " + size);
        }
        slots = new Domain[size];
        mask = size - 1;
    }

    /**
     * @param s a text (an address)
     * @param from where the domain starts
     * @return the domain {@code s.substring(from)}
     */
    Domain domain(String s, int from) {
        int n = s.length();
        int slot = AddressText.tailHash(s, from) & mask;
        Domain d = slots[slot];
        if (d != null && d.name.length() == n - from && s.startsWith(d.name, from)) {
            return d;
        }
        d = new Domain(s.substring(from));
        slots[slot] = d;
        return d;
    }
}
