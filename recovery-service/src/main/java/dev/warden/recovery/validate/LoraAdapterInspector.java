package dev.warden.recovery.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.model.safetensors.SafeTensorsException;
import dev.warden.model.safetensors.SafeTensorsFile;
import dev.warden.recovery.error.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a PEFT LoRA adapter directory against the aligned model it was trained on, from headers only:
 * {@code adapter_config.json} (rank {@code r}, {@code lora_alpha}) and {@code adapter_model.safetensors}
 * holding, for each adapted module of weight {@code [out, in]}, a {@code lora_A} of shape {@code [r, in]}
 * and a {@code lora_B} of shape {@code [out, r]}.
 */
public final class LoraAdapterInspector {

    /** The adapter's configuration file. */
    public static final String CONFIG = "adapter_config.json";
    /** The adapter's weights. */
    public static final String WEIGHTS = "adapter_model.safetensors";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** PEFT's names: [base_model.model.]<module>.lora_A|lora_B[.<adapter name>].weight */
    private static final Pattern LORA = Pattern.compile("(?:base_model\\.model\\.)?(.+)\\.lora_([AB])(?:\\.[^.]+)?\\.weight");

    private LoraAdapterInspector() {
    }

    /**
     * Inspects {@code dir} against {@code aligned}.
     *
     * @return the number of adapted modules
     */
    public static int inspect(String field, Path dir, CheckpointSummary aligned) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidArgumentException(field, dir + " is not a directory (a PEFT LoRA adapter directory"
                    + " holds " + CONFIG + " and " + WEIGHTS + ")");
        }
        int rank = readRank(field, dir.resolve(CONFIG));
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            throw new InvalidArgumentException(field, dir + " is not a PEFT LoRA adapter: no " + WEIGHTS
                    + (Files.exists(dir.resolve("adapter_model.bin")) ? " (adapter_model.bin, a pickle, is not"
                    + " supported: save the adapter with safe_serialization)" : ""));
        }
        Map<String, long[][]> pairs = new TreeMap<>();
        try (SafeTensorsFile file = SafeTensorsFile.open(weights)) {
            for (String name : file.names()) {
                Matcher m = LORA.matcher(name);
                if (!m.matches()) {
                    throw new InvalidArgumentException(field, WEIGHTS + ": tensor '" + name + "' is not a LoRA A or B"
                            + " matrix (only lora_A / lora_B weights are supported)");
                }
                long[][] pair = pairs.computeIfAbsent(m.group(1) + ".weight", k -> new long[2][]);
                pair["A".equals(m.group(2)) ? 0 : 1] = file.info(name).shape();
            }
        } catch (SafeTensorsException e) {
            throw new InvalidArgumentException(field, "corrupt " + WEIGHTS + ": " + e.getMessage(), e);
        }
        if (pairs.isEmpty()) {
            throw new InvalidArgumentException(field, WEIGHTS + " holds no LoRA matrices");
        }
        for (Map.Entry<String, long[][]> e : pairs.entrySet()) {
            check(field, e.getKey(), e.getValue(), rank, aligned);
        }
        return pairs.size();
    }

    private static void check(String field, String module, long[][] pair, int rank, CheckpointSummary aligned) {
        long[] weight = aligned.shapes().get(module);
        if (weight == null || weight.length != 2) {
            throw new InvalidArgumentException(field, "the adapter targets '" + module + "', which the aligned model"
                    + (weight == null ? " does not have" : " has with shape " + CheckpointSummary.format(weight)
                    + " (not a matrix)"));
        }
        if (pair[0] == null || pair[1] == null) {
            throw new InvalidArgumentException(field, "'" + module + "' has a lora_" + (pair[0] == null ? "B" : "A")
                    + " but no lora_" + (pair[0] == null ? "A" : "B"));
        }
        long out = weight[0];
        long in = weight[1];
        if (pair[0].length != 2 || pair[0][0] != rank || pair[0][1] != in) {
            throw new InvalidArgumentException(field, "lora_A of '" + module + "' has shape "
                    + CheckpointSummary.format(pair[0]) + "; for the aligned weight " + CheckpointSummary.format(weight)
                    + " and r=" + rank + " it must be [" + rank + ", " + in + "]");
        }
        if (pair[1].length != 2 || pair[1][0] != out || pair[1][1] != rank) {
            throw new InvalidArgumentException(field, "lora_B of '" + module + "' has shape "
                    + CheckpointSummary.format(pair[1]) + "; for the aligned weight " + CheckpointSummary.format(weight)
                    + " and r=" + rank + " it must be [" + out + ", " + rank + "]");
        }
    }

    private static int readRank(String field, Path config) {
        if (!Files.isRegularFile(config)) {
            throw new InvalidArgumentException(field, config.getParent() + " is not a PEFT LoRA adapter: no " + CONFIG);
        }
        JsonNode root;
        try {
            root = JSON.readTree(config.toFile());
        } catch (IOException e) {
            throw new InvalidArgumentException(field, CONFIG + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidArgumentException(field, CONFIG + " is not a JSON object");
        }
        JsonNode type = root.get("peft_type");
        if (type != null && !"LORA".equals(type.asText())) {
            throw new InvalidArgumentException(field, CONFIG + ": peft_type is " + type.asText() + ", only LORA is"
                    + " supported");
        }
        JsonNode r = root.get("r");
        if (r == null || !r.canConvertToInt() || !r.isIntegralNumber() || r.asInt() < 1) {
            throw new InvalidArgumentException(field, CONFIG + ": r must be a positive integer");
        }
        JsonNode alpha = root.get("lora_alpha");
        if (alpha == null || !alpha.isNumber()) {
            throw new InvalidArgumentException(field, CONFIG + ": lora_alpha must be a number");
        }
        JsonNode fanInFanOut = root.get("fan_in_fan_out");
        if (fanInFanOut != null && fanInFanOut.asBoolean(false)) {
            throw new InvalidArgumentException(field, CONFIG + ": fan_in_fan_out adapters (GPT-2 style Conv1D"
                    + " layers) are not supported");
        }
        return r.asInt();
    }
}
