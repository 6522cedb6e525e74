package dev.warden.model.train;

/** The learning rate for each optimizer step (steps count from 1). */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The rate for step {@code step} (1-based). */
    float rate(int step);

    /** The same rate at every step. */
    static LearningRateSchedule constant(float rate) {
        return step -> rate;
    }

    /** Linear warm-up from 0 to {@code peak} over {@code warmup} steps, then constant. */
    static LearningRateSchedule warmupConstant(float peak, int warmup) {
        return step -> step <= warmup ? peak * step / warmup : peak;
    }

    /**
     * Linear warm-up to {@code peak} over {@code warmup} steps, then cosine decay to
     * {@code floor * peak} at step {@code total} (and that floor afterwards).
     */
    static LearningRateSchedule warmupCosine(float peak, int warmup, int total, float floor) {
        return step -> {
            if (step <= warmup) {
                return peak * step / warmup;
            }
            double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, total - warmup));
            double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
            return (float) (peak * (floor + (1 - floor) * cosine));
        };
    }
}
