package dev.warden.model.checkpoint;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.generate.Detokenizer;
import dev.warden.model.generate.Generator;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.safetensors.ShardedSafeTensors;
import dev.warden.model.safetensors.TensorSource;
import dev.warden.model.tokenizer.ChatMessage;
import dev.warden.model.tokenizer.ChatTemplate;
import dev.warden.model.tokenizer.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A checkpoint directory in Hugging Face layout, loaded: the model on its device, the tokenizer and the chat
 * template. This is what a caller (the chat command, inference-service) holds to serve a model.
 *
 * <p>Layout read: {@code config.json}; {@code model.safetensors} or {@code model.safetensors.index.json}
 * with its shards (f32, f16 or bf16, memory-mapped); {@code tokenizer.json}; optionally
 * {@code tokenizer_config.json} (special tokens, {@code chat_template}) or {@code chat_template.jinja}.
 */
public final class LoadedModel implements AutoCloseable {

    private final Path directory;
    private final LlamaModel model;
    private final TextTokenizer tokenizer;
    private final ChatTemplate template;
    private final Set<Long> stopTokenIds;

    private LoadedModel(Path directory, LlamaModel model, TextTokenizer tokenizer, ChatTemplate template) {
        this.directory = directory;
        this.model = model;
        this.tokenizer = tokenizer;
        this.template = template;
        Set<Long> stops = new LinkedHashSet<>();
        for (int id : model.config().eosTokenIds()) {
            stops.add((long) id);
        }
        tokenizer.eosToken().ifPresent(t -> stops.add(t.id()));
        this.stopTokenIds = Set.copyOf(stops);
    }

    /**
     * Loads a checkpoint directory onto {@code device} with weights in {@code dtype}.
     *
     * @throws CheckpointException when the directory is missing, is not a checkpoint, or its parts disagree
     *     (the message names the file and the problem)
     */
    public static LoadedModel load(Path directory, Device device, DataType dtype) {
        if (!Files.isDirectory(directory)) {
            throw new CheckpointException("checkpoint directory " + directory + " does not exist");
        }
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT16) {
            throw new CheckpointException("weights can be loaded as float32 or float16, not " + dtype);
        }
        ModelConfig config;
        try {
            config = ModelConfig.read(directory);
        } catch (RuntimeException e) {
            throw new CheckpointException("cannot read " + directory.resolve("config.json") + ": " + e.getMessage(), e);
        }
        TextTokenizer tokenizer = null;
        NDManager manager = NDManager.newBaseManager(device);
        try {
            tokenizer = TextTokenizer.load(directory);
            if (tokenizer.vocabSize() > config.vocabSize()) {
                throw new CheckpointException("tokenizer.json has " + tokenizer.vocabSize()
                        + " tokens but config.json vocab_size is " + config.vocabSize());
            }
            ChatTemplate template = ChatTemplate.load(directory);
            LlamaWeights weights;
            try (TensorSource source = ShardedSafeTensors.open(directory)) {
                weights = LlamaWeights.load(config, new SafeTensorsWeightReader(source), dtype, manager);
            }
            return new LoadedModel(directory, new LlamaModel(weights), tokenizer, template);
        } catch (CheckpointException e) {
            cleanUp(manager, tokenizer);
            throw e;
        } catch (Exception e) {
            cleanUp(manager, tokenizer);
            throw new CheckpointException("cannot load checkpoint " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void cleanUp(NDManager manager, TextTokenizer tokenizer) {
        manager.close();
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    /** The directory this model was loaded from. */
    public Path directory() {
        return directory;
    }

    /** The model. */
    public LlamaModel model() {
        return model;
    }

    /** Its configuration. */
    public ModelConfig config() {
        return model.config();
    }

    /** The tokenizer. */
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** The chat template (the checkpoint's, or the documented default). */
    public ChatTemplate chatTemplate() {
        return template;
    }

    /** The token ids that end a turn: config.json's eos ids and the tokenizer's eos token. */
    public Set<Long> stopTokenIds() {
        return stopTokenIds;
    }

    /** The prompt ids of a conversation rendered through the chat template, ready for the assistant's turn. */
    public long[] encodeChat(List<ChatMessage> messages) {
        return tokenizer.encode(template.render(messages, true));
    }

    /** Generated ids to text, special tokens skipped (what the generator and a batch scheduler stream). */
    public Detokenizer detokenizer() {
        return ids -> tokenizer.decode(ids, true);
    }

    /** A generator over this model whose text skips special tokens. */
    public Generator generator() {
        return new Generator(model, detokenizer());
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
