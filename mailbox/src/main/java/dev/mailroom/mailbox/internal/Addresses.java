package dev.mailroom.mailbox.internal;

/** Quoting of an address's local part as RFC 5322 requires (Postfix's {@code quote_822_local}). */
public final class Addresses {

    private Addresses() {
    }

    /** {@code addr} with its local part quoted when it is not a dot-atom. */
    public static String quote(String addr) {
        if (addr.isEmpty()) {
            return addr;
        }
        int at = addr.lastIndexOf('@');
        String local = at < 0 ? addr : addr.substring(0, at);
        String domain = at < 0 ? "" : addr.substring(at);
        if (isDotAtom(local)) {
            return addr;
        }
        StringBuilder sb = new StringBuilder(local.length() + 2).append('"');
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').append(domain).toString();
    }

    private static boolean isDotAtom(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean atext = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0 || c >= 0x80;
            if (!atext) {
                return false;
            }
        }
        return true;
    }
}
