package dev.mailroom.internal;

/**
 * IP addresses as text the way Postfix prints them (glibc's {@code inet_ntop}): IPv4 dotted
 * quads; IPv6 in lower-case hex with the longest run of two or more zero groups written as
 * {@code ::} (the first such run when two are equally long).
 */
public final class InetText {

    private InetText() {
    }

    /**
     * @param a 4 (IPv4) or 16 (IPv6) address octets
     * @return the text form
     * @throws IllegalArgumentException for any other length
     */
    public static String format(byte[] a) {
        StringBuilder sb = new StringBuilder();
        if (a.length == 4) {
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    sb.append('.');
                }
                sb.append(a[i] & 0xff);
            }
            return sb.toString();
        }
        if (a.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 octets, not " + a.length);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (a[2 * i] & 0xff) << 8 | a[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8;) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
