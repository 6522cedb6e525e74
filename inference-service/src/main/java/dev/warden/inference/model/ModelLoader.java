package dev.warden.inference.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.warden.inference.error.CheckpointInvalidException;
import dev.warden.inference.error.CheckpointNotFoundException;
import dev.warden.model.checkpoint.CheckpointException;
import dev.warden.model.checkpoint.LoadedModel;
import dev.warden.model.config.ModelConfig;
import dev.warden.model.llama.WeightNames;
import dev.warden.model.runtime.DeviceChoice;
import dev.warden.model.safetensors.DType;
import dev.warden.model.safetensors.ShardedSafeTensors;
import dev.warden.model.safetensors.TensorSource;
import dev.warden.model.tokenizer.SpecialToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.OptionalLong;

/**
 * Loads checkpoint directories onto the configured device with {@link LoadedModel}, after checking the
 * path so that a missing directory and a directory that is not a checkpoint get distinct, precise errors.
 */
public final class ModelLoader implements CheckpointLoader {

    private final DeviceChoice device;
    private final String dtypeSetting;
    private final Consumer<LoadedModel> beforeFree;

    /** A loader whose models are closed, and nothing else, after their last request. */
    public ModelLoader(DeviceChoice device, String dtypeSetting) {
        this(device, dtypeSetting, model -> { });
    }

    /**
     * @param device       where models run
     * @param dtypeSetting the configured dtype ({@code auto}, {@code f32}, {@code f16}); a load may override it
     * @param beforeFree   called with a model after its last request, before it is closed (the generation
     *                     engine retires its scheduler)
     */
    public ModelLoader(DeviceChoice device, String dtypeSetting, Consumer<LoadedModel> beforeFree) {
        this.device = Objects.requireNonNull(device, "device");
        this.dtypeSetting = Objects.requireNonNull(dtypeSetting, "dtypeSetting");
        this.beforeFree = Objects.requireNonNull(beforeFree, "beforeFree");
    }

    @Override
    public ServedModel load(LoadSpec spec) {
        Path dir = spec.path().toAbsolutePath().normalize();
        if (!Files.exists(dir)) {
            throw new CheckpointNotFoundException(dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new CheckpointInvalidException(dir, "it is a file, not a checkpoint directory");
        }
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new CheckpointInvalidException(dir, "no config.json: not a Hugging Face checkpoint directory");
        }
        Device dev = device.resolve();
        DataType dtype = spec.dtype().orElseGet(() -> DeviceChoice.parseDtype(dtypeSetting, dev));
        LoadedModel loaded;
        try {
            loaded = LoadedModel.load(dir, dev, dtype);
        } catch (CheckpointException e) {
            throw new CheckpointInvalidException(dir, e.getMessage(), e);
        }
        try {
            String name = spec.name().orElse(dir.getFileName() == null ? dir.toString() : dir.getFileName().toString());
            return ServedModel.of(describe(name, dir, loaded, dev), loaded, beforeFree);
        } catch (RuntimeException e) {
            loaded.close();
            throw new CheckpointInvalidException(dir, e.getMessage(), e);
        }
    }

    private static ModelDescription describe(String name, Path dir, LoadedModel loaded, Device dev) {
        ModelConfig c = loaded.config();
        OptionalLong bos = loaded.tokenizer().bosToken().map(SpecialToken::id).map(OptionalLong::of)
                .orElseGet(() -> c.bosTokenId() == null ? OptionalLong.empty() : OptionalLong.of(c.bosTokenId()));
        List<Long> eos = loaded.stopTokenIds().stream().sorted().toList();
        return new ModelDescription(name,
                new ModelDescription.Source(c.architecture().className(), c.modelType(), dir, Instant.now()),
                new ModelDescription.Shape(c.numHiddenLayers(), c.hiddenSize(), c.numAttentionHeads(),
                        c.numKeyValueHeads(), c.vocabSize(), c.maxPositionEmbeddings(),
                        loaded.model().weights().parameterCount()),
                new ModelDescription.Placement(loaded.model().dtype(), storedDtype(dir), deviceName(dev)),
                new ModelDescription.Tokens(!loaded.chatTemplate().isDefault(), bos, eos));
    }

    /** The dtype the embedding table is stored in (the checkpoint's weight dtype). */
    private static DType storedDtype(Path dir) {
        try (TensorSource source = ShardedSafeTensors.open(dir)) {
            return source.info(WeightNames.EMBED).dtype();
        }
    }

    /** {@code cpu} or {@code gpu:<index>}, as ModelInfo reports it. */
    static String deviceName(Device dev) {
        return dev.isGpu() ? "gpu:" + dev.getDeviceId() : "cpu";
    }
}
