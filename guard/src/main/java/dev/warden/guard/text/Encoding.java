package dev.warden.guard.text;

/** A simple encoding that hides a payload from a plain scan; decoded segments are scanned too. */
public enum Encoding {
    /** Base64 (standard or URL-safe alphabet, padding optional). */
    BASE64,
    /** Hex bytes: contiguous ({@code 69676e}), spaced or separated pairs, {@code \x} or {@code 0x} prefixed. */
    HEX,
    /** URL percent-encoding ({@code %68%6f%77}, {@code +} as space). */
    PERCENT,
    /** 8-bit binary groups ({@code 01101000 01101001}, space-separated or contiguous), one byte each. */
    BINARY,
    /** ROT13 letter rotation (decided by the scorer: only when the rotated text hits the lexicon better). */
    ROT13;

    private final String label = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case name, for messages ("base64"). */
    public String label() {
        return label;
    }
}
