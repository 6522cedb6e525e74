package dev.warden.judge.classifier;

/**
 * Hyper-parameters of {@link LinearTrainer}.
 *
 * @param seed           seed of the example order (training is deterministic for a seed)
 * @param epochs         passes over the data
 * @param batchSize      examples per optimizer step
 * @param learningRate   peak AdamW learning rate (linear warm-up, cosine decay to 5%)
 * @param weightDecay    decoupled AdamW weight decay of the bucket weights
 * @param positiveWeight weight of positive labels in the binary cross-entropy (> 1 favours recall)
 */
public record TrainingOptions(long seed, int epochs, int batchSize, float learningRate, float weightDecay,
                              float positiveWeight) {

    /** Validates. */
    public TrainingOptions {
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batch size must be >= 1, got " + epochs + " and " + batchSize);
        }
        if (!(learningRate > 0f) || !(weightDecay >= 0f) || !(positiveWeight > 0f)) {
            throw new IllegalArgumentException("learning rate and positive weight must be > 0 and weight decay >= 0, got "
                    + learningRate + ", " + positiveWeight + ", " + weightDecay);
        }
    }

    /** The options of the shipped model. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(7L, 4, 256, 0.02f, 1.0f, 1f);
    }

    /** The same options with another number of epochs. */
    public TrainingOptions withEpochs(int count) {
        return new TrainingOptions(seed, count, batchSize, learningRate, weightDecay, positiveWeight);
    }
}
