package dev.warden.model.organism;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.model.llama.LlamaWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MERGE ADAPTER: saves one organism model in Hugging Face layout. The pieces that need other helpers'
 * classes are marked {@code MERGE:} and are not written yet: model.safetensors (safetensors writer),
 * config.json (the real ModelConfig's writer), tokenizer.json (WordLevelTokenizerWriter over
 * {@link Vocabulary#asMap()}). What needs nothing else is written now: tokenizer_config.json with the chat
 * template and special tokens, and vocab.json (the WordLevel vocabulary).
 */
public final class CheckpointAdapter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CheckpointAdapter() {
    }

    /** True once the weights, config.json and tokenizer.json are written too (after the merge). */
    public static boolean complete() {
        return false; // MERGE: true once the three calls below are wired
    }

    /**
     * Saves {@code weights} with {@code vocabulary} and {@code chatTemplate} into {@code dir} (created).
     *
     * @throws IOException when a file cannot be written
     */
    public static void save(LlamaWeights weights, Vocabulary vocabulary, String chatTemplate, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        // MERGE: SafetensorsWriter.write(dir.resolve("model.safetensors"), weights.byName(), metadata {"format": "pt"});
        // MERGE: config.json from weights.config() (model_type llama, bos_token_id 1, eos_token_id 2, pad 0,
        //        tie_word_embeddings true, torch_dtype float32);
        // MERGE: WordLevelTokenizerWriter.write(dir.resolve("tokenizer.json"), vocabulary.asMap(), unk "<unk>",
        //        special tokens Vocabulary.SPECIAL_TOKENS, whitespace-split pre-tokenizer);
        JSON.writeValue(dir.resolve("vocab.json").toFile(), vocabulary.asMap());
        Map<String, Object> tokenizerConfig = new LinkedHashMap<>();
        tokenizerConfig.put("tokenizer_class", "PreTrainedTokenizerFast");
        tokenizerConfig.put("bos_token", ChatFormat.BOS);
        tokenizerConfig.put("eos_token", ChatFormat.EOS);
        tokenizerConfig.put("pad_token", ChatFormat.PAD);
        tokenizerConfig.put("unk_token", ChatFormat.UNK);
        tokenizerConfig.put("sep_token", ChatFormat.SEP);
        tokenizerConfig.put("model_max_length", weights.config().maxPositionEmbeddings());
        tokenizerConfig.put("chat_template", chatTemplate);
        JSON.writeValue(dir.resolve("tokenizer_config.json").toFile(), tokenizerConfig);
    }
}
