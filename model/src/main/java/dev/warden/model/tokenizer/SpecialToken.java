package dev.warden.model.tokenizer;

/**
 * A special token of a tokenizer: its text (e.g. {@code <|eot_id|>}) and its id in the vocabulary.
 *
 * @param content the token's text
 * @param id the token's id
 */
public record SpecialToken(String content, long id) {
}
