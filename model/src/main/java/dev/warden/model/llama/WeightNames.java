package dev.warden.model.llama;

/**
 * Tensor names of a Llama-family checkpoint in Hugging Face layout, as {@code LlamaForCausalLM},
 * {@code MistralForCausalLM} and {@code Qwen2ForCausalLM} save them.
 */
public final class WeightNames {

    /** Token embedding table, shape [V, D]. */
    public static final String EMBED = "model.embed_tokens.weight";
    /** Final RMSNorm weight, shape [D]. */
    public static final String FINAL_NORM = "model.norm.weight";
    /** Output projection, shape [V, D]; absent when embeddings are tied. */
    public static final String LM_HEAD = "lm_head.weight";

    private WeightNames() {
    }

    /** The prefix of every tensor of decoder layer {@code layer}, e.g. {@code model.layers.3.}. */
    public static String layerPrefix(int layer) {
        return "model.layers." + layer + ".";
    }

    /** Name of a tensor inside decoder layer {@code layer}, e.g. {@code layer(2, "mlp.up_proj.weight")}. */
    public static String layer(int layer, String suffix) {
        return layerPrefix(layer) + suffix;
    }

    /**
     * The decoder layer a tensor name belongs to, or -1 for tensors outside the decoder layers
     * (embeddings, final norm, LM head).
     */
    public static int layerOf(String name) {
        String prefix = "model.layers.";
        if (!name.startsWith(prefix)) {
            return -1;
        }
        int end = name.indexOf('.', prefix.length());
        if (end < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(name.substring(prefix.length(), end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** True for RMSNorm weights (input, post-attention and final norms). */
    public static boolean isNorm(String name) {
        return name.endsWith("layernorm.weight") || name.equals(FINAL_NORM);
    }
}
