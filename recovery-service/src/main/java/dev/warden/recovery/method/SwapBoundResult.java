package dev.warden.recovery.method;

/**
 * The swap-bound diagnostic (the proto's SwapBound): can restoring below the cut bring refusals back at all?
 *
 * @param cutLayer           the cut tested
 * @param swappedHarmfulRate harmful rate of F with every candidate tensor below the cut set to A's values
 * @param swappedTaskScore   task score of that swapped model
 * @param repairable         false when even the full swap leaves the model harmful
 * @param suggestedCutLayer  a higher cut the diagnostic found repairable, or null
 * @param summary            the diagnostic in words
 */
public record SwapBoundResult(int cutLayer, double swappedHarmfulRate, double swappedTaskScore, boolean repairable,
                              Integer suggestedCutLayer, String summary) {
}
