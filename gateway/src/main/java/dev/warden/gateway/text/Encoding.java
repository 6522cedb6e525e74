package dev.warden.gateway.text;

/** How a payload hidden in a prompt is encoded. */
public enum Encoding {
    /** RFC 4648 base64, standard or URL-safe alphabet, padded or not. */
    BASE64,
    /** Hex bytes: contiguous ("69676e6f7265"), escaped ("\x69\x67"), prefixed ("0x69 0x67") or spaced pairs. */
    HEX,
    /** Percent-encoding ("%69%67%6E"). */
    URL,
    /** The rot13 letter rotation. */
    ROT13
}
