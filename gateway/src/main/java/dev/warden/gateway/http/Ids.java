package dev.warden.gateway.http;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids: a prefix and 24 random base-62 characters (unique, not secret). */
final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {
    }

    /** {@code prefix} followed by 24 random characters, for example {@code chatcmpl-3fZ...}. */
    static String next(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return prefix + new String(id);
    }
}
