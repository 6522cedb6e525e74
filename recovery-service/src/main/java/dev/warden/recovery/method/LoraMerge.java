package dev.warden.recovery.method;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.model.checkpoint.SafeTensorsWeightReader;
import dev.warden.model.safetensors.SafeTensorsFile;
import dev.warden.model.safetensors.ShardedSafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Merges a PEFT LoRA adapter onto the aligned weights, {@code W = W0 + s * B A} with {@code s = alpha / r}
 * ({@code alpha / sqrt(r)} with rsLoRA), and writes the merged model as a checkpoint in the aligned model's
 * layout, so the rest of the repair treats it as the fine-tuned checkpoint F.
 *
 * <p>Adapter layout: {@code adapter_config.json} ({@code r}, {@code lora_alpha}, optional {@code use_rslora},
 * {@code fan_in_fan_out}) and {@code adapter_model.safetensors} with {@code <prefix>.<module>.lora_A.weight}
 * [r, in] and {@code lora_B.weight} [out, r] per adapted module, the prefix being {@code base_model.model.}
 * before the base model's tensor name. DoRA, embedding adapters and {@code modules_to_save} are refused.
 *
 * <p>Legend: O output features, I input features, R rank.
 */
public final class LoraMerge {

    private static final String PREFIX = "base_model.model.";

    private LoraMerge() {
    }

    /**
     * Writes A + the adapter's deltas into {@code mergedDir}.
     *
     * @return the number of tensors the adapter changed
     * @throws RepairFailedException when the adapter is malformed or does not fit the aligned model
     */
    public static int merge(Path alignedDir, Path adapterDir, Path mergedDir) {
        JsonNode config = readConfig(adapterDir.resolve("adapter_config.json"));
        int r = config.path("r").asInt(0);
        double alpha = config.path("lora_alpha").asDouble(Double.NaN);
        if (r <= 0 || Double.isNaN(alpha)) {
            throw new RepairFailedException("adapter_config.json needs a positive \"r\" and a \"lora_alpha\"");
        }
        if (config.path("use_dora").asBoolean(false)) {
            throw new RepairFailedException("DoRA adapters are not supported");
        }
        boolean fanInFanOut = config.path("fan_in_fan_out").asBoolean(false);
        float scale = (float) (config.path("use_rslora").asBoolean(false) ? alpha / Math.sqrt(r) : alpha / r);
        try (ShardedSafeTensors aligned = ShardedSafeTensors.open(alignedDir);
             SafeTensorsFile adapter = SafeTensorsFile.open(adapterDir.resolve("adapter_model.safetensors"));
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> merged = new LinkedHashMap<>();
            for (String name : adapter.names()) {
                if (!name.endsWith(".lora_A.weight")) {
                    if (!name.endsWith(".lora_B.weight")) {
                        throw new RepairFailedException("adapter tensor '" + name + "' is not a lora_A / lora_B "
                                + "weight (DoRA, embedding adapters and modules_to_save are not supported)");
                    }
                    continue;
                }
                String module = name.substring(0, name.length() - ".lora_A.weight".length());
                String base = baseName(module);
                if (!aligned.contains(base)) {
                    throw new RepairFailedException("adapter module '" + module + "' has no tensor '" + base
                            + "' in the aligned checkpoint");
                }
                String bName = module + ".lora_B.weight";
                if (!adapter.contains(bName)) {
                    throw new RepairFailedException("adapter has " + name + " but no " + bName);
                }
                long[] w = aligned.info(base).shape();
                long[] a = adapter.info(name).shape();
                long[] b = adapter.info(bName).shape();
                long out = fanInFanOut ? w[1] : w[0];
                long in = fanInFanOut ? w[0] : w[1];
                if (w.length != 2 || a.length != 2 || b.length != 2 || a[0] != r || b[1] != r || a[1] != in
                        || b[0] != out) {
                    throw new RepairFailedException(String.format("adapter shapes of '%s' do not fit: lora_A %s, "
                                    + "lora_B %s, r %d, base %s", module, java.util.Arrays.toString(a),
                            java.util.Arrays.toString(b), r, java.util.Arrays.toString(w)));
                }
                SafeTensorsWeightReader alignedReader = new SafeTensorsWeightReader(aligned);
                SafeTensorsWeightReader adapterReader = new SafeTensorsWeightReader(adapter);
                NDArray w0 = alignedReader.read(base, new Shape(w), DataType.FLOAT32, m);
                NDArray loraA = adapterReader.read(name, new Shape(a), DataType.FLOAT32, m); // [R, I]
                NDArray loraB = adapterReader.read(bName, new Shape(b), DataType.FLOAT32, m); // [O, R]
                NDArray delta = loraB.matMul(loraA); // [O, R] x [R, I] -> [O, I]
                if (fanInFanOut) {
                    delta = delta.transpose(); // stored [I, O]
                }
                merged.put(base, w0.add(delta.mul(m.create(scale)))); // W0 + s * B A
            }
            if (merged.isEmpty()) {
                throw new RepairFailedException("the adapter has no lora_A / lora_B tensors");
            }
            RepairedCheckpointWriter.write(alignedDir, aligned, merged, mergedDir);
            return merged.size();
        } catch (RepairFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RepairFailedException("cannot merge the LoRA adapter: " + e.getMessage(), e);
        }
    }

    /** {@code base_model.model.model.layers.0.self_attn.q_proj} -> {@code model.layers.0.self_attn.q_proj.weight}. */
    static String baseName(String module) {
        String m = module.startsWith(PREFIX) ? module.substring(PREFIX.length()) : module;
        return m + ".weight";
    }

    private static JsonNode readConfig(Path file) {
        try {
            return new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new RepairFailedException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
