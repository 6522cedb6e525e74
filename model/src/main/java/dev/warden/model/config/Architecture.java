package dev.warden.model.config;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Llama-family architectures this library runs, with the names Hugging Face transformers gives them in
 * {@code config.json} ({@code architectures[0]} and {@code model_type}). They share one decoder (RMSNorm,
 * RoPE, grouped-query attention, SwiGLU MLP) and differ only in details that {@link ModelConfig} exposes:
 * attention biases and defaults.
 */
public enum Architecture {

    /** Llama 1/2/3 ({@code LlamaForCausalLM}); attention biases only when {@code attention_bias} is true. */
    LLAMA("LlamaForCausalLM", "llama"),
    /** Mistral ({@code MistralForCausalLM}); no biases; {@code sliding_window} is parsed but not applied. */
    MISTRAL("MistralForCausalLM", "mistral"),
    /** Qwen2 and Qwen2.5 ({@code Qwen2ForCausalLM}); q/k/v projections always carry a bias, o_proj never. */
    QWEN2("Qwen2ForCausalLM", "qwen2");

    private final String className;
    private final String modelType;

    Architecture(String className, String modelType) {
        this.className = className;
        this.modelType = modelType;
    }

    /** The transformers class name, as in {@code architectures}, e.g. {@code LlamaForCausalLM}. */
    public String className() {
        return className;
    }

    /** The {@code model_type} value, e.g. {@code llama}. */
    public String modelType() {
        return modelType;
    }

    /**
     * Resolves the architecture from {@code config.json}'s {@code architectures} list (its first entry wins)
     * or, when that list is absent or empty, from {@code model_type}. When both are given they must agree.
     *
     * @param architectures the {@code architectures} entries, possibly empty
     * @param modelType the {@code model_type} value, or null
     * @throws ModelConfigException when neither names a supported architecture, or they disagree
     */
    public static Architecture resolve(List<String> architectures, String modelType) {
        Architecture byClass = null;
        if (!architectures.isEmpty()) {
            String name = architectures.get(0);
            byClass = Arrays.stream(values()).filter(a -> a.className.equals(name)).findFirst()
                    .orElseThrow(() -> new ModelConfigException("unsupported architecture '" + name
                            + "' in architectures; supported: " + supportedClassNames()));
        }
        Architecture byType = null;
        if (modelType != null) {
            byType = Arrays.stream(values()).filter(a -> a.modelType.equals(modelType)).findFirst()
                    .orElse(null);
            if (byType == null && byClass == null) {
                throw new ModelConfigException("unsupported model_type '" + modelType + "'; supported: "
                        + supportedClassNames());
            }
        }
        if (byClass == null && byType == null) {
            throw new ModelConfigException("config.json names no architecture: architectures and model_type"
                    + " are both missing; supported: " + supportedClassNames());
        }
        if (byClass != null && byType != null && byClass != byType) {
            throw new ModelConfigException("architectures[0] '" + byClass.className + "' disagrees with"
                    + " model_type '" + modelType + "'");
        }
        return byClass != null ? byClass : byType;
    }

    /** The supported class names with their model types, for error messages. */
    public static String supportedClassNames() {
        return Arrays.stream(values()).map(a -> a.className + " (model_type " + a.modelType + ")")
                .collect(Collectors.joining(", "));
    }
}
