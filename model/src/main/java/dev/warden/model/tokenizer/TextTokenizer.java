package dev.warden.model.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A checkpoint's tokenizer: Hugging Face's {@code tokenizers} library (through DJL's
 * {@link HuggingFaceTokenizer}, whose native library ships inside the DJL jar) loaded from the checkpoint's
 * own {@code tokenizer.json}, plus the special tokens named in {@code tokenizer_config.json}.
 *
 * <p>Nothing is downloaded: the tokenizer is built from the local file (never from a hub name), truncation
 * and padding are switched off, and unless {@code RUST_FLAVOR} is already set it is set to {@code cpu} so
 * that DJL uses the CPU build bundled in its jar instead of fetching a CUDA build on a GPU machine
 * (tokenization gains nothing from a GPU).
 *
 * <p>{@link #encode} never adds special tokens: the chat template writes BOS and role markers itself, and
 * adding them again would double them (transformers' {@code apply_chat_template} encodes the same way).
 * Special tokens written inside the text ({@code <|eot_id|>}) are still recognised as single tokens, as in
 * transformers. {@link #encodePrompt} is for raw text given to the model as a whole sequence: BOS first when
 * {@link #addBosToken()} says the tokenizer does so.
 *
 * <p>Thread safety: encode and decode may be called concurrently (the native tokenizer is immutable);
 * {@link #close()} must not race with them. Close it to free the native tokenizer.
 */
public final class TextTokenizer implements AutoCloseable {

    /** The file name inside a checkpoint directory. */
    public static final String FILE_NAME = "tokenizer.json";

    private static final Map<String, String> OPTIONS =
            Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final Vocabulary vocabulary;
    private final TokenizerConfigFile config;
    private final SpecialToken bos;
    private final SpecialToken eos;
    private final SpecialToken pad;
    private final SpecialToken unk;
    private final boolean addBos;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, Vocabulary vocabulary, TokenizerConfigFile config) {
        this.tokenizer = tokenizer;
        this.vocabulary = vocabulary;
        this.config = config;
        this.bos = special("bos_token", config.bosToken());
        this.eos = special("eos_token", config.eosToken());
        this.pad = special("pad_token", config.padToken());
        this.unk = special("unk_token", config.unkToken() != null ? config.unkToken() : vocabulary.modelUnkToken());
        this.addBos = bos != null && addsBos();
    }

    /** See {@link #addBosToken()}; called once BOS is known to exist. */
    private boolean addsBos() {
        if (config.addBosToken() != null) {
            return config.addBosToken();
        }
        if (vocabulary.hasPostProcessor()) {
            long[] probe = tokenizer.encode("a", true, false).getIds();
            return probe.length > 0 && probe[0] == bos.id();
        }
        return true;
    }

    /**
     * Loads {@code tokenizer.json} and {@code tokenizer_config.json} (optional) from a checkpoint directory.
     *
     * @throws TokenizerException when {@code tokenizer.json} is missing or invalid, or the configuration names
     *     a special token the vocabulary lacks
     */
    public static TextTokenizer load(Path checkpointDir) {
        Path file = checkpointDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new TokenizerException("no " + FILE_NAME + " in " + checkpointDir);
        }
        Vocabulary vocabulary = Vocabulary.read(file);
        TokenizerConfigFile config = TokenizerConfigFile.read(checkpointDir);
        preferBundledCpuLibrary();
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(file, OPTIONS);
        } catch (IOException | RuntimeException e) {
            throw new TokenizerException("cannot load " + file + ": " + e.getMessage(), e);
        }
        try {
            return new TextTokenizer(tokenizer, vocabulary, config);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static void preferBundledCpuLibrary() {
        if (System.getenv("RUST_FLAVOR") == null && System.getProperty("RUST_FLAVOR") == null) {
            System.setProperty("RUST_FLAVOR", "cpu");
        }
    }

    private SpecialToken special(String field, String content) {
        if (content == null) {
            return null;
        }
        Long id = vocabulary.id(content);
        if (id == null) {
            throw new TokenizerException(TokenizerConfigFile.FILE_NAME + " names " + field + " '" + content
                    + "', which " + FILE_NAME + " does not contain");
        }
        return new SpecialToken(content, id);
    }

    /** The ids of {@code text}, without any added special tokens (see the class comment). */
    public long[] encode(String text) {
        Objects.requireNonNull(text, "text");
        return tokenizer.encode(text, false, false).getIds();
    }

    /**
     * The ids of raw text that the model reads as a whole sequence (a prompt without chat template, a text
     * to score without context): {@link #encode}, with BOS in front when {@link #addBosToken()} and the text
     * does not already start with it.
     */
    public long[] encodePrompt(String text) {
        long[] ids = encode(text);
        if (!addBos || (ids.length > 0 && ids[0] == bos.id())) {
            return ids;
        }
        long[] out = new long[ids.length + 1];
        out[0] = bos.id();
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    /**
     * Whether the tokenizer puts BOS in front of a sequence when special tokens are added, as transformers
     * decides it: {@code add_bos_token} of {@code tokenizer_config.json} when the file says (Llama-2, Mistral,
     * Gemma); otherwise whether {@code tokenizer.json}'s post-processor adds it (Llama-3's
     * {@code TemplateProcessing} does, GPT-2's {@code ByteLevel} does not); false without a BOS token (Qwen2).
     * A tokenizer that says nothing either way (no flag, no post-processor, but a BOS token: the project's
     * demo tokenizers written before the flag) gets BOS, as the project always did for them.
     */
    public boolean addBosToken() {
        return addBos;
    }

    /**
     * The text of {@code ids}. How tokens are joined is the {@code decoder} of {@code tokenizer.json}
     * (byte-level BPE restores the original spacing; a tokenizer without a decoder joins tokens with single
     * spaces).
     *
     * @param skipSpecialTokens drop added tokens marked special ({@code <s>}, {@code <|eot_id|>} ...)
     */
    public String decode(long[] ids, boolean skipSpecialTokens) {
        Objects.requireNonNull(ids, "ids");
        return tokenizer.decode(ids, skipSpecialTokens);
    }

    /**
     * The number of token ids: one more than the largest id of the vocabulary and added tokens (transformers'
     * {@code len(tokenizer)}). A model's {@code vocab_size} may be larger (padded embedding tables).
     */
    public int vocabSize() {
        return vocabulary.size();
    }

    /** The id of a token string exactly as the vocabulary spells it (e.g. {@code Ġthe} in byte-level BPE). */
    public OptionalLong tokenId(String token) {
        Long id = vocabulary.id(token);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /** The token string with {@code id}, as the vocabulary spells it. */
    public Optional<String> token(long id) {
        return Optional.ofNullable(vocabulary.token(id));
    }

    /** The beginning-of-sequence token of {@code tokenizer_config.json}, if it names one. */
    public Optional<SpecialToken> bosToken() {
        return Optional.ofNullable(bos);
    }

    /** The end-of-sequence token of {@code tokenizer_config.json}, if it names one. */
    public Optional<SpecialToken> eosToken() {
        return Optional.ofNullable(eos);
    }

    /** The padding token of {@code tokenizer_config.json}, if it names one. */
    public Optional<SpecialToken> padToken() {
        return Optional.ofNullable(pad);
    }

    /** The unknown token of {@code tokenizer_config.json}, or else of the model in {@code tokenizer.json}. */
    public Optional<SpecialToken> unkToken() {
        return Optional.ofNullable(unk);
    }

    /** Every added token marked {@code special} in {@code tokenizer.json}, text to id, in file order. */
    public Map<String, Long> specialTokens() {
        return vocabulary.specialTokens();
    }

    /** The model type of {@code tokenizer.json} ({@code BPE}, {@code WordLevel}, {@code Unigram} ...). */
    public String modelType() {
        return vocabulary.modelType();
    }

    /** What {@code tokenizer_config.json} said (special token texts, chat template, model max length). */
    public TokenizerConfigFile config() {
        return config;
    }

    /** Frees the native tokenizer. */
    @Override
    public void close() {
        tokenizer.close();
    }
}
