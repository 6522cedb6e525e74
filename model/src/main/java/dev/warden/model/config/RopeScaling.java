package dev.warden.model.config;

/**
 * The {@code rope_scaling} entry of {@code config.json}: how rotary frequencies are stretched beyond the
 * context the model was pre-trained on. Absent (null) means the plain frequencies
 * {@code theta^(-2i/head_dim)}. {@link RopeFrequencies} applies these.
 */
public sealed interface RopeScaling permits RopeScaling.Linear, RopeScaling.Llama3 {

    /** The {@code rope_type} value written to {@code config.json}. */
    String ropeType();

    /**
     * Position interpolation ({@code "linear"}): every inverse frequency is divided by {@code factor}.
     *
     * @param factor the stretch factor, positive
     */
    record Linear(double factor) implements RopeScaling {

        /** Validates the factor. */
        public Linear {
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw new ModelConfigException("rope_scaling.factor must be positive, got " + factor);
            }
        }

        @Override
        public String ropeType() {
            return "linear";
        }
    }

    /**
     * Llama 3.1's frequency-dependent scaling ({@code "llama3"}): wavelengths longer than
     * {@code originalMaxPositionEmbeddings / lowFreqFactor} are divided by {@code factor}, shorter than
     * {@code originalMaxPositionEmbeddings / highFreqFactor} are kept, and the band between is interpolated.
     *
     * @param factor the stretch applied to low frequencies (8 for Llama 3.1)
     * @param lowFreqFactor {@code low_freq_factor} (1 for Llama 3.1)
     * @param highFreqFactor {@code high_freq_factor} (4 for Llama 3.1), greater than {@code lowFreqFactor}
     * @param originalMaxPositionEmbeddings the pre-training context length (8192 for Llama 3.1)
     */
    record Llama3(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositionEmbeddings)
            implements RopeScaling {

        /** Validates the parameters so that the interpolation band is well defined. */
        public Llama3 {
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw new ModelConfigException("rope_scaling.factor must be positive, got " + factor);
            }
            if (!(lowFreqFactor > 0) || Double.isInfinite(lowFreqFactor)) {
                throw new ModelConfigException("rope_scaling.low_freq_factor must be positive, got "
                        + lowFreqFactor);
            }
            if (!(highFreqFactor > lowFreqFactor) || Double.isInfinite(highFreqFactor)) {
                throw new ModelConfigException("rope_scaling.high_freq_factor (" + highFreqFactor
                        + ") must be greater than low_freq_factor (" + lowFreqFactor + ")");
            }
            if (originalMaxPositionEmbeddings <= 0) {
                throw new ModelConfigException("rope_scaling.original_max_position_embeddings must be positive,"
                        + " got " + originalMaxPositionEmbeddings);
            }
        }

        @Override
        public String ropeType() {
            return "llama3";
        }
    }
}
