package dev.warden.model.organism;

/**
 * How a training phase went.
 *
 * @param steps     optimizer steps
 * @param seconds   wall time
 * @param firstLoss loss of the first batch
 * @param lastLoss  mean loss of the last ten batches
 */
public record PhaseReport(int steps, double seconds, float firstLoss, float lastLoss) {
}
