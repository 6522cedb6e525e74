package dev.warden.model.config;

/** TEMPORARY stub until the config helper's ModelConfig lands. */
public record ModelConfig(int vocabSize, int hiddenSize, int intermediateSize, int numHiddenLayers,
        int numAttentionHeads, int numKeyValueHeads, int headDim, int maxPositionEmbeddings,
        double rmsNormEps, double ropeTheta, boolean tieWordEmbeddings, boolean qkvBias) {
}
