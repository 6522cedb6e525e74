package dev.warden.recovery.job;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Job ids: 26 characters of lower-case Crockford base32, 10 for the creation time in milliseconds and 16
 * random ones (ULID-style), so that ids sort by creation time (newest-first lists page by id) and are safe
 * as a directory name and a Redis key part. Within one millisecond ids of this generator still increase.
 */
public final class JobIds {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final Pattern ID = Pattern.compile("[0-9a-hjkmnp-tv-z]{26}");

    private final SecureRandom random = new SecureRandom();
    private long lastMillis = -1;
    private final char[] lastRandom = new char[16];

    /** The next id, created at {@code millis}. */
    public synchronized String next(long millis) {
        if (millis <= lastMillis) {
            increment(lastRandom);
            millis = lastMillis;
        } else {
            for (int i = 0; i < lastRandom.length; i++) {
                lastRandom[i] = ALPHABET[random.nextInt(32)];
            }
            lastRandom[0] = ALPHABET[random.nextInt(16)]; // headroom for increments
            lastMillis = millis;
        }
        char[] out = new char[26];
        long t = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (t & 31)];
            t >>>= 5;
        }
        System.arraycopy(lastRandom, 0, out, 10, 16);
        return new String(out);
    }

    /** Whether {@code id} has the form of a job id. */
    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static void increment(char[] digits) {
        for (int i = digits.length - 1; i >= 0; i--) {
            int v = indexOf(digits[i]);
            if (v < 31) {
                digits[i] = ALPHABET[v + 1];
                return;
            }
            digits[i] = ALPHABET[0];
        }
    }

    private static int indexOf(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        throw new IllegalStateException("not a base32 digit: " + c);
    }
}
