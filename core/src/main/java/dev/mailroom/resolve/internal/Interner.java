package dev.mailroom.resolve.internal;

/**
 * A small direct-mapped memory of strings cut out of larger ones (domains, {@code @domain}
 * keys): a resolution meets the same few domains again and again, and a kept string costs
 * neither a copy nor a new hash when it is used as a table key. Pure: it returns a string
 * equal to the region asked for, whatever it holds. Thread-safe (a slot holds an immutable
 * string; a race only loses a slot).
 */
final class Interner {

    private final String[] slots;
    private final int mask;

    /** @param size the number of slots, a power of two */
    Interner(int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two: " + size);
        }
        slots = new String[size];
        mask = size - 1;
    }

    /**
     * @param s a text
     * @param from where the region starts
     * @return a string equal to {@code s.substring(from)}
     */
    String tail(String s, int from) {
        int h = 0;
        int n = s.length();
        for (int i = from; i < n; i++) {
            h = 31 * h + s.charAt(i);
        }
        int slot = (h ^ (h >>> 16)) & mask;
        String k = slots[slot];
        if (k != null && k.length() == n - from && s.startsWith(k, from)) {
            return k;
        }
        k = s.substring(from);
        slots[slot] = k;
        return k;
    }
}
