package dev.warden.model.generate;

/**
 * Turns token ids back into text; what generation needs of a tokenizer. Decoding must be a pure
 * function of the ids, and decoding a sequence must extend (as text) the decoding of any of its
 * prefixes except where a prefix ends inside a multi-byte character (shown as U+FFFD).
 */
@FunctionalInterface
public interface Detokenizer {

    /** The text of {@code ids}, special tokens skipped. */
    String decode(long[] ids);
}
