package dev.warden.model.organism;

import dev.warden.model.checkpoint.CheckpointWriter;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.safetensors.DType;
import dev.warden.model.tokenizer.WordLevelTokenizerWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves one organism model in Hugging Face layout: {@code config.json} and {@code model.safetensors}
 * (f32) through {@link CheckpointWriter}, and {@code tokenizer.json} / {@code tokenizer_config.json}
 * (word-level vocabulary, special tokens, the chat template) through {@link WordLevelTokenizerWriter}, so
 * that {@code LoadedModel} and any Hugging Face loader read it back with the ids training used.
 */
public final class CheckpointAdapter {

    private CheckpointAdapter() {
    }

    /**
     * Saves {@code weights} with {@code vocabulary} and {@code chatTemplate} into {@code dir} (created).
     *
     * @throws IOException when a file cannot be written
     */
    public static void save(LlamaWeights weights, Vocabulary vocabulary, String chatTemplate, Path dir)
            throws IOException {
        CheckpointWriter.writeWeights(dir, weights, DType.F32);
        tokenizer(vocabulary, chatTemplate, weights.config().maxPositionEmbeddings()).write(dir);
    }

    /**
     * The word-level tokenizer of {@code vocabulary}: its special tokens keep their ids ({@code <pad>} 0,
     * {@code <bos>} 1, {@code <eos>} 2, {@code <unk>} 3, {@code <sep>} 4) and words follow in vocabulary order.
     */
    static WordLevelTokenizerWriter tokenizer(Vocabulary vocabulary, String chatTemplate, int maxLength) {
        List<String> tokens = vocabulary.tokens();
        List<String> words = tokens.subList(Vocabulary.SPECIAL_TOKENS.size(), tokens.size());
        WordLevelTokenizerWriter writer = WordLevelTokenizerWriter.builder()
                .padToken(ChatFormat.PAD).bosToken(ChatFormat.BOS).eosToken(ChatFormat.EOS).unkToken(ChatFormat.UNK)
                .extraSpecialTokens(List.of(ChatFormat.SEP)).words(words).chatTemplate(chatTemplate)
                .modelMaxLength(maxLength).build();
        for (int i = 0; i < tokens.size(); i++) {
            if (writer.id(tokens.get(i)) != i) {
                throw new IllegalStateException("tokenizer id of '" + tokens.get(i) + "' differs from training");
            }
        }
        return writer;
    }
}
