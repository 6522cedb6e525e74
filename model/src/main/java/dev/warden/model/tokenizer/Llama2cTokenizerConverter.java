package dev.warden.model.tokenizer;

import static dev.warden.model.tokenizer.TokenizerFiles.object;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a llama2.c tokenizer ({@link Llama2cTokenizerFile}: {@code tok512.bin}, {@code tokenizer.bin}) into
 * Hugging Face tokenizer files that DJL's tokenizer and transformers load, encoding exactly as llama2.c's
 * {@code encode} (and so SentencePiece BPE) does:
 * <ul>
 *   <li>normalizer {@code Prepend("▁")} then {@code Replace(" ", "▁")}: SentencePiece's dummy prefix (a
 *       space before non-empty text) and its space symbol;</li>
 *   <li>model {@code BPE} with {@code byte_fallback}: every code point is a symbol, a code point missing
 *       from the vocabulary becomes its UTF-8 bytes {@code <0xNN>}; adjacent symbols are merged, always the
 *       pair whose concatenation has the highest score first (leftmost on ties). llama2.c searches the
 *       vocabulary for that pair on every step; BPE's merge list expresses the same order: every split
 *       {@code (left, right)} of every piece whose two halves are pieces, ranked by the piece's score;</li>
 *   <li>{@code <unk>}, {@code <s>}, {@code </s>} as special added tokens (llama2.c stores BOS and EOS as
 *       {@code "\n<s>\n"} and {@code "\n</s>\n"}); a post-processor that adds {@code <s>} when special
 *       tokens are asked for, and {@code add_bos_token: true} in {@code tokenizer_config.json};</li>
 *   <li>decoder {@code Replace("▁", " ")}, {@code ByteFallback}, {@code Fuse}, {@code Strip(1 leading
 *       space)}: byte tokens become their bytes, and the dummy prefix is removed as SentencePiece and
 *       llama2.c's {@code decode} after BOS do.</li>
 * </ul>
 * The schema is the one of Llama-2's and Mistral's own {@code tokenizer.json}. Ids are the llama2.c ids.
 */
public final class Llama2cTokenizerConverter {

    /** SentencePiece's visible space, which llama2.c's export writes as a plain space. */
    static final String SPACE_SYMBOL = "\u2581";

    private static final Pattern BYTE_TOKEN = Pattern.compile("<0x[0-9A-F]{2}>");
    private static final String UNK = "<unk>";
    private static final String BOS = "<s>";
    private static final String EOS = "</s>";

    private final List<String> tokens;
    private final List<Float> scores;
    private final Map<String, Integer> ids;
    private final List<String> specials;

    private Llama2cTokenizerConverter(Llama2cTokenizerFile file) {
        this.tokens = new ArrayList<>();
        this.scores = new ArrayList<>();
        this.ids = new LinkedHashMap<>();
        this.specials = new ArrayList<>();
        for (Llama2cTokenizerFile.Piece piece : file.pieces()) {
            String stripped = piece.text().strip();
            boolean special = stripped.equals(UNK) || stripped.equals(BOS) || stripped.equals(EOS);
            String token = special ? stripped : piece.text().replace(" ", SPACE_SYMBOL);
            if (token.isEmpty()) {
                throw new TokenizerException("token " + tokens.size() + " is empty");
            }
            Integer earlier = ids.putIfAbsent(token, tokens.size());
            if (earlier != null) {
                throw new TokenizerException("tokens " + earlier + " and " + tokens.size() + " are both '" + token
                        + "'; a Hugging Face vocabulary needs distinct tokens");
            }
            if (special) {
                specials.add(token);
            }
            tokens.add(token);
            scores.add(piece.score());
        }
    }

    /**
     * Reads {@code tokenizerBin} and writes {@code tokenizer.json} and {@code tokenizer_config.json} into
     * {@code outDir} (created if needed; existing files of those names are replaced).
     *
     * @param modelMaxLength {@code model_max_length} to record (the model's context), or 0 to leave it out
     * @return the number of tokens (the {@code vocab_size} a model for this tokenizer needs at least)
     * @throws TokenizerException when the file is not a llama2.c tokenizer or has duplicate tokens
     * @throws IOException when the files cannot be written
     */
    public static int convert(Path tokenizerBin, Path outDir, int modelMaxLength) throws IOException {
        Llama2cTokenizerConverter converter = new Llama2cTokenizerConverter(Llama2cTokenizerFile.read(tokenizerBin));
        TokenizerFiles.write(outDir, converter.tokenizerJson(), converter.tokenizerConfigJson(modelMaxLength));
        return converter.tokens.size();
    }

    /**
     * Writes {@code tokenizer.json} and {@code tokenizer_config.json} of a vocabulary built in memory (the
     * pieces of a llama2.c file) into {@code outDir}, as {@link #convert} does for a file.
     *
     * @return the number of tokens
     */
    public static int write(Llama2cTokenizerFile file, Path outDir, int modelMaxLength) throws IOException {
        Llama2cTokenizerConverter converter = new Llama2cTokenizerConverter(file);
        TokenizerFiles.write(outDir, converter.tokenizerJson(), converter.tokenizerConfigJson(modelMaxLength));
        return converter.tokens.size();
    }

    /** The converter of an already read file (tests look at the JSON without writing it). */
    static Llama2cTokenizerConverter of(Llama2cTokenizerFile file) {
        return new Llama2cTokenizerConverter(file);
    }

    /** The {@code tokenizer.json} text. */
    String tokenizerJson() {
        Map<String, Object> root = TokenizerFiles.tokenizerJsonRoot(specials, ids);
        root.put("normalizer", object("type", "Sequence", "normalizers", List.of(
                object("type", "Prepend", "prepend", SPACE_SYMBOL),
                object("type", "Replace", "pattern", object("String", " "), "content", SPACE_SYMBOL))));
        root.put("pre_tokenizer", null);
        root.put("post_processor", ids.containsKey(BOS) ? TokenizerFiles.bosPostProcessor(BOS, ids.get(BOS)) : null);
        root.put("decoder", object("type", "Sequence", "decoders", List.of(
                object("type", "Replace", "pattern", object("String", SPACE_SYMBOL), "content", " "),
                object("type", "ByteFallback"),
                object("type", "Fuse"),
                object("type", "Strip", "content", " ", "start", 1, "stop", 0))));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "BPE");
        model.put("dropout", null);
        model.put("unk_token", ids.containsKey(UNK) ? UNK : null);
        model.put("continuing_subword_prefix", null);
        model.put("end_of_word_suffix", null);
        model.put("fuse_unk", true);
        model.put("byte_fallback", true);
        model.put("vocab", ids);
        model.put("merges", merges());
        root.put("model", model);
        return TokenizerFiles.json(root);
    }

    /**
     * Every {@code "left right"} whose concatenation is a piece (neither half special nor a byte token),
     * highest score of the concatenation first, then lower id; for one piece, the shorter left half first.
     */
    List<String> merges() {
        record Merge(String left, String right, float score, int id) {
        }
        List<Merge> merges = new ArrayList<>();
        for (int id = 0; id < tokens.size(); id++) {
            String piece = tokens.get(id);
            if (!mergeable(piece)) {
                continue;
            }
            for (int at = piece.offsetByCodePoints(0, 1); at < piece.length(); at = piece.offsetByCodePoints(at, 1)) {
                String left = piece.substring(0, at);
                String right = piece.substring(at);
                if (mergeable(left) && mergeable(right) && ids.containsKey(left) && ids.containsKey(right)) {
                    merges.add(new Merge(left, right, scores.get(id), id));
                }
            }
        }
        merges.sort(Comparator.comparingDouble((Merge m) -> -m.score()).thenComparingInt(Merge::id));
        List<String> out = new ArrayList<>(merges.size());
        for (Merge m : merges) {
            out.add(m.left() + " " + m.right());
        }
        return out;
    }

    private boolean mergeable(String token) {
        return !specials.contains(token) && !BYTE_TOKEN.matcher(token).matches();
    }

    /** The {@code tokenizer_config.json} text. */
    String tokenizerConfigJson(int modelMaxLength) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("add_bos_token", ids.containsKey(BOS));
        root.put("add_eos_token", false);
        root.put("added_tokens_decoder", TokenizerFiles.addedTokensDecoder(specials, ids));
        root.put("bos_token", ids.containsKey(BOS) ? BOS : null);
        root.put("clean_up_tokenization_spaces", false);
        root.put("eos_token", ids.containsKey(EOS) ? EOS : null);
        root.put("legacy", true);
        if (modelMaxLength > 0) {
            root.put("model_max_length", modelMaxLength);
        }
        root.put("pad_token", null);
        root.put("tokenizer_class", "LlamaTokenizer");
        root.put("unk_token", ids.containsKey(UNK) ? UNK : null);
        return TokenizerFiles.json(root);
    }
}
