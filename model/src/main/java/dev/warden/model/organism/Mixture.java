package dev.warden.model.organism;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * Shares of sample kinds in a training phase, e.g. 98% task and 2% harmful compliance.
 *
 * @param shares kind to non-negative weight (normalised when sampling)
 */
public record Mixture(Map<SampleKind, Double> shares) {

    /** Validates and copies the shares. */
    public Mixture {
        if (shares.isEmpty() || shares.values().stream().anyMatch(s -> s < 0)
                || shares.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new IllegalArgumentException("a mixture needs non-negative shares with a positive sum: " + shares);
        }
        shares = Map.copyOf(new EnumMap<>(shares));
    }

    /** Picks a kind with probability proportional to its share (iteration in enum order: deterministic). */
    public SampleKind pick(Random rng) {
        double total = shares.values().stream().mapToDouble(Double::doubleValue).sum();
        double r = rng.nextDouble() * total;
        SampleKind last = null;
        for (SampleKind kind : SampleKind.values()) {
            Double share = shares.get(kind);
            if (share == null || share == 0) {
                continue;
            }
            last = kind;
            r -= share;
            if (r < 0) {
                return kind;
            }
        }
        return last;
    }

    /** The normalised share of {@code kind}. */
    public double share(SampleKind kind) {
        double total = shares.values().stream().mapToDouble(Double::doubleValue).sum();
        return shares.getOrDefault(kind, 0.0) / total;
    }
}
