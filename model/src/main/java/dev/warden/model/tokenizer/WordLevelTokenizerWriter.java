package dev.warden.model.tokenizer;

import static dev.warden.model.tokenizer.TokenizerFiles.object;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a Hugging Face tokenizer for a small word-level vocabulary (the project's demo model): a
 * {@code tokenizer.json} that transformers' {@code PreTrainedTokenizerFast} and DJL's tokenizer load, and a
 * {@code tokenizer_config.json} naming the special tokens and the chat template.
 *
 * <p>The tokenizer it describes:
 * <ul>
 *   <li>ids: {@code <pad>} 0, {@code <bos>} 1, {@code <eos>} 2, {@code <unk>} 3, then the extra special
 *       tokens in the order given, then the words in the order given;</li>
 *   <li>special tokens are {@code added_tokens} with {@code special: true, normalized: false}: they are
 *       matched in the raw text before anything else, exactly as written (case included), with or without
 *       spaces around them ({@code "<bos>hello"} is {@code <bos>}, {@code hello});</li>
 *   <li>normalizer {@code Lowercase};</li>
 *   <li>pre-tokenizer {@code Sequence[WhitespaceSplit, Split([^\\w\\s], Isolated)]}: split on whitespace,
 *       then every character that is not a word character ('_' is one) becomes a piece of its own. This round-trips better than
 *       {@code Whitespace} ({@code \w+|[^\w\s]+}), which keeps runs such as {@code "?!"} or {@code "..."}
 *       together and so needs a vocabulary entry per run;</li>
 *   <li>model {@code WordLevel} with {@code unk_token <unk>}: a piece not in the vocabulary becomes
 *       {@code <unk>};</li>
 *   <li>BOS first when special tokens are added (a {@code TemplateProcessing} post-processor, and
 *       {@code add_bos_token: true} in {@code tokenizer_config.json}): a raw-text prompt starts with
 *       {@code <bos>}, as the demo model was trained; chat templates write it themselves;</li>
 *   <li>no decoder. The tokenizers library (and so DJL's {@code decode}, checked by this class's tests) then
 *       joins the tokens with single spaces: {@code [hello, ",", world, "!"]} decodes to
 *       {@code "hello , world !"}. With {@code skipSpecialTokens} the special tokens, {@code <unk>} included,
 *       are left out. {@code clean_up_tokenization_spaces} is written as false so that transformers decodes to
 *       the same text.</li>
 * </ul>
 * Hence {@code decode(encode(text))} returns {@link #pieces(String)} joined by single spaces when every piece
 * is in the vocabulary: text written in that canonical form (lower case, punctuation set apart by spaces)
 * round-trips exactly.
 */
public final class WordLevelTokenizerWriter {

    private final Map<String, Integer> vocabulary;
    private final List<String> specialTokens;
    private final String padToken;
    private final String bosToken;
    private final String eosToken;
    private final String unkToken;
    private final List<String> extraSpecialTokens;
    private final String chatTemplate;
    private final int modelMaxLength;

    private WordLevelTokenizerWriter(Builder b) {
        this.padToken = b.padToken;
        this.bosToken = b.bosToken;
        this.eosToken = b.eosToken;
        this.unkToken = b.unkToken;
        this.extraSpecialTokens = List.copyOf(b.extraSpecialTokens);
        this.chatTemplate = b.chatTemplate;
        if (chatTemplate != null) {
            JinjaEnvironment.prepare(chatTemplate);
        }
        if (b.modelMaxLength <= 0) {
            throw new TokenizerException("model_max_length must be positive, got " + b.modelMaxLength);
        }
        this.modelMaxLength = b.modelMaxLength;
        List<String> specials = new ArrayList<>(List.of(padToken, bosToken, eosToken, unkToken));
        specials.addAll(extraSpecialTokens);
        this.specialTokens = List.copyOf(specials);
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (String special : specials) {
            if (special == null || special.isEmpty() || special.codePoints().anyMatch(WordLevelTokenizerWriter::isWhitespace)) {
                throw new TokenizerException("special token '" + special + "' must be non-empty without whitespace");
            }
            if (ids.putIfAbsent(special, ids.size()) != null) {
                throw new TokenizerException("special token '" + special + "' is given twice");
            }
        }
        for (String word : b.words) {
            checkWord(word);
            if (ids.putIfAbsent(word, ids.size()) != null) {
                throw new TokenizerException("word '" + word + "' is given twice or is a special token");
            }
        }
        this.vocabulary = Collections.unmodifiableMap(ids);
    }

    private static void checkWord(String word) {
        if (word == null || word.isEmpty()) {
            throw new TokenizerException("words must be non-empty");
        }
        if (!word.equals(word.toLowerCase(Locale.ROOT))) {
            throw new TokenizerException("word '" + word + "' is not lower case; the normalizer lower-cases all"
                    + " text, so it could never be produced");
        }
        List<String> pieces = pieces(word);
        if (pieces.size() != 1 || !pieces.get(0).equals(word)) {
            throw new TokenizerException("word '" + word + "' would be split by the pre-tokenizer into " + pieces
                    + "; a word is either one punctuation character or contains neither punctuation nor whitespace");
        }
    }

    /** A builder with the default special tokens {@code <pad> <bos> <eos> <unk>}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The pieces this tokenizer's normalizer and pre-tokenizer cut text into, before vocabulary lookup
     * (special tokens written in the text are not treated specially here): lower case, split on whitespace,
     * each punctuation character on its own. Useful to build a vocabulary from a corpus.
     */
    public static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        lower.codePoints().forEach(cp -> {
            if (isWhitespace(cp) || isPunctuation(cp)) {
                if (current.length() > 0) {
                    out.add(current.toString());
                    current.setLength(0);
                }
                if (isPunctuation(cp)) {
                    out.add(new String(Character.toChars(cp)));
                }
            } else {
                current.appendCodePoint(cp);
            }
        });
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }

    /** Unicode White_Space, as Rust's {@code char::is_whitespace} used by {@code WhitespaceSplit}. */
    private static boolean isWhitespace(int cp) {
        return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || Character.isSpaceChar(cp);
    }

    /**
     * A character the pre-tokenizer isolates: neither whitespace nor a regex word character ({@code \\w} in
     * the Rust regex crate: alphabetic, marks, decimal digits, connector punctuation such as '_', joiners).
     */
    private static boolean isPunctuation(int cp) {
        if (isWhitespace(cp) || Character.isAlphabetic(cp) || cp == 0x200C || cp == 0x200D) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.CONNECTOR_PUNCTUATION -> false;
            default -> true;
        };
    }

    /** Every token with its id, specials first, in id order. */
    public Map<String, Integer> vocabulary() {
        return vocabulary;
    }

    /** The number of ids (the {@code vocab_size} a model for this tokenizer needs). */
    public int vocabSize() {
        return vocabulary.size();
    }

    /**
     * The id of a token.
     *
     * @throws TokenizerException when the vocabulary lacks it
     */
    public int id(String token) {
        Integer id = vocabulary.get(token);
        if (id == null) {
            throw new TokenizerException("'" + token + "' is not in the vocabulary");
        }
        return id;
    }

    /** The {@code tokenizer.json} text. */
    public String tokenizerJson() {
        Map<String, Object> root = TokenizerFiles.tokenizerJsonRoot(specialTokens, vocabulary);
        root.put("normalizer", object("type", "Lowercase"));
        // Split off every character that is neither a word character nor whitespace. Unlike the Punctuation
        // pre-tokenizer this keeps '_' inside words, so placeholders such as item_a stay one token.
        root.put("pre_tokenizer", object("type", "Sequence", "pretokenizers", List.of(
                object("type", "WhitespaceSplit"),
                object("type", "Split", "pattern", object("Regex", "[^\\w\\s]"), "behavior", "Isolated",
                        "invert", false))));
        root.put("post_processor", TokenizerFiles.bosPostProcessor(bosToken, vocabulary.get(bosToken)));
        root.put("decoder", null);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "WordLevel");
        model.put("vocab", vocabulary);
        model.put("unk_token", unkToken);
        root.put("model", model);
        return TokenizerFiles.json(root);
    }

    /** The {@code tokenizer_config.json} text. */
    public String tokenizerConfigJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("add_bos_token", true);
        root.put("added_tokens_decoder", TokenizerFiles.addedTokensDecoder(specialTokens, vocabulary));
        root.put("additional_special_tokens", extraSpecialTokens);
        root.put("bos_token", bosToken);
        if (chatTemplate != null) {
            root.put("chat_template", chatTemplate);
        }
        root.put("clean_up_tokenization_spaces", false);
        root.put("eos_token", eosToken);
        root.put("model_max_length", modelMaxLength);
        root.put("pad_token", padToken);
        root.put("tokenizer_class", "PreTrainedTokenizerFast");
        root.put("unk_token", unkToken);
        return TokenizerFiles.json(root);
    }

    /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir}, creating it if needed. */
    public void write(Path dir) throws IOException {
        TokenizerFiles.write(dir, tokenizerJson(), tokenizerConfigJson());
    }

    /** Collects the vocabulary, special tokens, chat template and maximum length. */
    public static final class Builder {
        private String padToken = "<pad>";
        private String bosToken = "<bos>";
        private String eosToken = "<eos>";
        private String unkToken = "<unk>";
        private final List<String> extraSpecialTokens = new ArrayList<>();
        private final List<String> words = new ArrayList<>();
        private String chatTemplate;
        private int modelMaxLength = 2048;

        private Builder() {
        }

        /** The padding token; default {@code <pad>} (id 0). */
        public Builder padToken(String token) {
            this.padToken = Objects.requireNonNull(token);
            return this;
        }

        /** The beginning-of-sequence token; default {@code <bos>} (id 1). */
        public Builder bosToken(String token) {
            this.bosToken = Objects.requireNonNull(token);
            return this;
        }

        /** The end-of-sequence token; default {@code <eos>} (id 2). */
        public Builder eosToken(String token) {
            this.eosToken = Objects.requireNonNull(token);
            return this;
        }

        /** The unknown-word token; default {@code <unk>} (id 3). */
        public Builder unkToken(String token) {
            this.unkToken = Objects.requireNonNull(token);
            return this;
        }

        /** Further special tokens (a separator, role markers), ids 4, 5, ... in the order given. */
        public Builder extraSpecialTokens(List<String> tokens) {
            this.extraSpecialTokens.addAll(tokens);
            return this;
        }

        /** The words, ids following the special tokens in the order given. */
        public Builder words(List<String> vocabulary) {
            this.words.addAll(vocabulary);
            return this;
        }

        /** The Jinja chat template written to {@code tokenizer_config.json}; none by default. */
        public Builder chatTemplate(String template) {
            this.chatTemplate = template;
            return this;
        }

        /** {@code model_max_length}; default 2048. */
        public Builder modelMaxLength(int length) {
            this.modelMaxLength = length;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws TokenizerException for a duplicate, empty, upper-case or splittable word, or a bad special token
         */
        public WordLevelTokenizerWriter build() {
            return new WordLevelTokenizerWriter(this);
        }
    }
}
