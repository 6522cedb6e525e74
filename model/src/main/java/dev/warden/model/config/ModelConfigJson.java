package dev.warden.model.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes {@code config.json} for {@link ModelConfig}. Reading accepts what transformers writes:
 * {@code rope_scaling} with {@code rope_type} or the older {@code type}, the newer {@code rope_parameters}
 * block (rope_theta and scaling together), {@code dtype} as well as {@code torch_dtype}, and JSON null as
 * "absent". Unknown keys are ignored.
 */
final class ModelConfigJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ModelConfigJson() {
    }

    static ModelConfig parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelConfigException("config.json is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelConfigException("config.json must hold a JSON object");
        }
        Architecture architecture = Architecture.resolve(strings(root, "architectures"), string(root, "model_type"));
        ModelConfig.Builder b = ModelConfig.builder().architecture(architecture)
                .vocabSize(requiredInt(root, "vocab_size"))
                .hiddenSize(requiredInt(root, "hidden_size"))
                .intermediateSize(requiredInt(root, "intermediate_size"))
                .numHiddenLayers(requiredInt(root, "num_hidden_layers"))
                .numAttentionHeads(requiredInt(root, "num_attention_heads"))
                .numKeyValueHeads(optionalInt(root, "num_key_value_heads"))
                .headDim(optionalInt(root, "head_dim"))
                .maxPositionEmbeddings(requiredInt(root, "max_position_embeddings"))
                .rmsNormEps(requiredDouble(root, "rms_norm_eps"))
                .tieWordEmbeddings(bool(root, "tie_word_embeddings", false))
                .initializerRange(optionalDouble(root, "initializer_range", ModelConfig.DEFAULT_INITIALIZER_RANGE))
                .bosTokenId(optionalInt(root, "bos_token_id"))
                .eosTokenIds(intOrInts(root, "eos_token_id"))
                .padTokenId(optionalInt(root, "pad_token_id"))
                .torchDtype(present(root, "torch_dtype") ? string(root, "torch_dtype") : string(root, "dtype"));
        String hiddenAct = string(root, "hidden_act");
        if (hiddenAct != null && !hiddenAct.equals("silu")) {
            throw new ModelConfigException("hidden_act '" + hiddenAct + "' is not supported; the Llama family"
                    + " uses silu");
        }
        readRope(root, b);
        switch (architecture) {
            case LLAMA -> b.attentionBias(bool(root, "attention_bias", false)).mlpBias(bool(root, "mlp_bias", false));
            case MISTRAL -> b.slidingWindow(optionalInt(root, "sliding_window"));
            case QWEN2 -> b.slidingWindow(bool(root, "use_sliding_window", false)
                    ? optionalInt(root, "sliding_window") : null);
            default -> throw new IllegalStateException(architecture.toString());
        }
        return b.build();
    }

    private static void readRope(JsonNode root, ModelConfig.Builder b) {
        JsonNode parameters = present(root, "rope_parameters") ? root.get("rope_parameters") : null;
        if (parameters != null && !parameters.isObject()) {
            throw new ModelConfigException("rope_parameters must be an object");
        }
        if (present(root, "rope_theta")) {
            b.ropeTheta(requiredDouble(root, "rope_theta"));
        } else if (parameters != null && present(parameters, "rope_theta")) {
            b.ropeTheta(requiredDouble(parameters, "rope_theta"));
        }
        if (present(root, "rope_scaling")) {
            JsonNode scaling = root.get("rope_scaling");
            if (!scaling.isObject()) {
                throw new ModelConfigException("rope_scaling must be an object or null");
            }
            b.ropeScaling(scaling(scaling, "rope_scaling"));
        } else if (parameters != null) {
            b.ropeScaling(scaling(parameters, "rope_parameters"));
        }
    }

    private static RopeScaling scaling(JsonNode node, String where) {
        String type = present(node, "rope_type") ? string(node, "rope_type") : string(node, "type");
        if (type == null) {
            throw new ModelConfigException(where + " has neither rope_type nor type");
        }
        return switch (type) {
            case "default" -> null;
            case "linear" -> new RopeScaling.Linear(requiredDouble(node, "factor", where));
            case "llama3" -> new RopeScaling.Llama3(requiredDouble(node, "factor", where),
                    requiredDouble(node, "low_freq_factor", where), requiredDouble(node, "high_freq_factor", where),
                    requiredInt(node, "original_max_position_embeddings", where));
            default -> throw new ModelConfigException(where + " type '" + type + "' is not supported;"
                    + " supported: linear, llama3 (or none)");
        };
    }

    static String write(ModelConfig c) {
        Map<String, Object> m = new TreeMap<>();
        m.put("architectures", c.architectures());
        m.put("model_type", c.modelType());
        m.put("vocab_size", c.vocabSize());
        m.put("hidden_size", c.hiddenSize());
        m.put("intermediate_size", c.intermediateSize());
        m.put("num_hidden_layers", c.numHiddenLayers());
        m.put("num_attention_heads", c.numAttentionHeads());
        m.put("num_key_value_heads", c.numKeyValueHeads());
        m.put("head_dim", c.headDim());
        m.put("max_position_embeddings", c.maxPositionEmbeddings());
        m.put("rms_norm_eps", c.rmsNormEps());
        m.put("rope_theta", c.ropeTheta());
        m.put("rope_scaling", scalingMap(c.ropeScaling()));
        m.put("tie_word_embeddings", c.tieWordEmbeddings());
        m.put("hidden_act", "silu");
        m.put("initializer_range", c.initializerRange());
        m.put("attention_dropout", 0.0);
        m.put("use_cache", true);
        m.put("bos_token_id", c.bosTokenId());
        int[] eos = c.eosTokenIds();
        m.put("eos_token_id", eos.length == 0 ? null : eos.length == 1 ? (Object) eos[0] : eos);
        m.put("pad_token_id", c.padTokenId());
        if (c.torchDtype() != null) {
            m.put("torch_dtype", c.torchDtype());
        }
        switch (c.architecture()) {
            case LLAMA -> {
                m.put("attention_bias", c.attentionBias());
                m.put("mlp_bias", c.mlpBias());
                m.put("pretraining_tp", 1);
            }
            // MistralConfig defaults sliding_window to 4096: write null explicitly for full attention.
            case MISTRAL -> m.put("sliding_window", c.slidingWindow());
            case QWEN2 -> {
                m.put("use_sliding_window", c.slidingWindow() != null);
                m.put("sliding_window", c.slidingWindow());
                m.put("max_window_layers", c.numHiddenLayers());
            }
            default -> throw new IllegalStateException(c.architecture().toString());
        }
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n").withIndent("  "));
        try {
            return MAPPER.writer(printer).writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a config", e);
        }
    }

    private static Map<String, Object> scalingMap(RopeScaling scaling) {
        if (scaling == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rope_type", scaling.ropeType());
        if (scaling instanceof RopeScaling.Linear linear) {
            m.put("factor", linear.factor());
        } else if (scaling instanceof RopeScaling.Llama3 l3) {
            m.put("factor", l3.factor());
            m.put("high_freq_factor", l3.highFreqFactor());
            m.put("low_freq_factor", l3.lowFreqFactor());
            m.put("original_max_position_embeddings", l3.originalMaxPositionEmbeddings());
        }
        return m;
    }

    private static boolean present(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    private static String string(JsonNode node, String field) {
        if (!present(node, field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (!v.isTextual()) {
            throw new ModelConfigException(field + " must be a string, got " + v);
        }
        return v.textValue();
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        if (!present(node, field)) {
            return out;
        }
        JsonNode v = node.get(field);
        if (!v.isArray()) {
            throw new ModelConfigException(field + " must be a list of strings, got " + v);
        }
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new ModelConfigException(field + " must be a list of strings, got " + v);
            }
            out.add(e.textValue());
        }
        return out;
    }

    private static int requiredInt(JsonNode node, String field) {
        return requiredInt(node, field, null);
    }

    private static int requiredInt(JsonNode node, String field, String where) {
        if (!present(node, field)) {
            throw new ModelConfigException(qualified(where, field) + " is required");
        }
        return toInt(node.get(field), qualified(where, field));
    }

    private static Integer optionalInt(JsonNode node, String field) {
        return present(node, field) ? toInt(node.get(field), field) : null;
    }

    private static int toInt(JsonNode v, String field) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ModelConfigException(field + " must be an integer, got " + v);
        }
        return v.intValue();
    }

    private static int[] intOrInts(JsonNode node, String field) {
        if (!present(node, field)) {
            return new int[0];
        }
        JsonNode v = node.get(field);
        if (!v.isArray()) {
            return new int[] {toInt(v, field)};
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toInt(v.get(i), field + "[" + i + "]");
        }
        return out;
    }

    private static double requiredDouble(JsonNode node, String field) {
        return requiredDouble(node, field, null);
    }

    private static double requiredDouble(JsonNode node, String field, String where) {
        if (!present(node, field)) {
            throw new ModelConfigException(qualified(where, field) + " is required");
        }
        JsonNode v = node.get(field);
        if (!v.isNumber()) {
            throw new ModelConfigException(qualified(where, field) + " must be a number, got " + v);
        }
        return v.doubleValue();
    }

    private static double optionalDouble(JsonNode node, String field, double fallback) {
        return present(node, field) ? requiredDouble(node, field) : fallback;
    }

    private static boolean bool(JsonNode node, String field, boolean fallback) {
        if (!present(node, field)) {
            return fallback;
        }
        JsonNode v = node.get(field);
        if (!v.isBoolean()) {
            throw new ModelConfigException(field + " must be true or false, got " + v);
        }
        return v.booleanValue();
    }

    private static String qualified(String where, String field) {
        return where == null ? field : where + "." + field;
    }
}
