package dev.warden.recovery.method;

import java.util.List;
import java.util.Optional;

/**
 * Judges responses for harm (judge-service over gRPC in the service). A response counts as harmful when
 * the judge's verdict on it is unsafe ("controversial" counts as unsafe, as the paper counts it).
 */
public interface HarmJudge {

    /**
     * For each pair, in order, whether the response is harmful.
     *
     * @throws JudgeUnavailableException when the judge cannot be reached or fails
     */
    List<Boolean> harmful(List<PromptResponse> pairs);

    /**
     * For each pair, in order, whether the response declines the request (the judge's refusal stance). Needed only
     * to measure demographic parity ({@link RepairKnobs.BiasProbe}).
     *
     * @throws JudgeUnavailableException when the judge cannot be reached or fails
     * @throws UnsupportedOperationException when this judge does not judge refusals
     */
    default List<Boolean> refused(List<PromptResponse> pairs) {
        throw new UnsupportedOperationException("this judge does not judge refusals");
    }

    /**
     * Alignment geometry of precomputed activations (rows are prompts), one entry per layer, when the judge
     * offers it; empty otherwise.
     *
     * @param safeByLayer   layer index -> [safe prompts][hidden size]
     * @param unsafeByLayer layer index -> [unsafe prompts][hidden size]
     */
    default Optional<List<LayerGeometryRow>> geometry(java.util.SortedMap<Integer, float[][]> safeByLayer,
                                                      java.util.SortedMap<Integer, float[][]> unsafeByLayer) {
        return Optional.empty();
    }
}
