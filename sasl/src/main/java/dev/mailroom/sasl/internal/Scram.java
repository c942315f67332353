package dev.mailroom.sasl.internal;

import dev.mailroom.sasl.ScramAlgorithm;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SCRAM primitives shared by client and server (RFC 5802 sections 2.2, 3, 5.1, 7). */
public final class Scram {

    /** The most PBKDF2 iterations a client computes before refusing (a server could ask for more to stall it). */
    public static final int MAX_ITERATIONS = 1_000_000;

    private Scram() {
    }

    /** HMAC(key, data). */
    public static byte[] hmac(ScramAlgorithm alg, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(alg.hmacName());
            mac.init(new SecretKeySpec(key, alg.hmacName()));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg.hmacName() + " is not available in this JDK", e);
        }
    }

    /** H(data). */
    public static byte[] hash(ScramAlgorithm alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg.digestName()).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg.digestName() + " is not available in this JDK", e);
        }
    }

    /** Hi(str, salt, i): PBKDF2 with the HMAC as PRF and one block (RFC 5802 section 2.2). */
    public static byte[] hi(ScramAlgorithm alg, byte[] str, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance(alg.hmacName());
            mac.init(new SecretKeySpec(str, alg.hmacName()));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            Bytes.wipe(u);
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg.hmacName() + " is not available in this JDK", e);
        }
    }

    /** XOR of two equal-length arrays. */
    public static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    /** saslname escaping: {@code =} to {@code =3D}, {@code ,} to {@code =2C}. */
    public static String escape(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    /**
     * Reverses {@link #escape(String)}.
     *
     * @return empty when an {@code =} is not followed by {@code 2C} or {@code 3D}
     */
    public static Optional<String> unescape(String saslname) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < saslname.length(); i++) {
            char c = saslname.charAt(i);
            if (c == '=') {
                if (saslname.startsWith("=2C", i)) {
                    sb.append(',');
                } else if (saslname.startsWith("=3D", i)) {
                    sb.append('=');
                } else {
                    return Optional.empty();
                }
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return Optional.of(sb.toString());
    }

    /**
     * Splits {@code a=x,b=y} into attributes, keeping order.
     *
     * @return empty when an element is not {@code letter=value} or a letter repeats
     */
    public static Optional<Map<Character, String>> attributes(String message) {
        Map<Character, String> map = new LinkedHashMap<>();
        for (String part : message.split(",", -1)) {
            if (part.length() < 2 || part.charAt(1) != '=' || !isAlpha(part.charAt(0))) {
                return Optional.empty();
            }
            if (map.put(part.charAt(0), part.substring(2)) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(map);
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** printable = %x21-2B / %x2D-7E (a nonce). */
    public static boolean printable(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ',') {
                return false;
            }
        }
        return true;
    }
}
