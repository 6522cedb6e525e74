package dev.warden.recovery.method;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The alignment geometry shown in the report (a diagnostic beyond RECOVERY-METHOD.md): last-token states of every
 * layer for up to {@value #PROMPTS} task prompts and as many held-out harmful prompts, handed to the judge's
 * AlignmentGeometry. Empty when there are too few prompts or the judge does not offer it.
 */
final class GeometryMeasurement {

    /** Prompts per side. */
    static final int PROMPTS = 64;

    private GeometryMeasurement() {
    }

    static List<LayerGeometryRow> measure(RepairRun run, WorkingModel w, Evaluator eval, RepairData data) {
        List<long[]> safe = data.taskEval().stream().limit(PROMPTS).map(e -> eval.encode(e.prompt())).toList();
        List<long[]> unsafe = data.heldOut().stream().limit(PROMPTS).map(eval::encode).toList();
        if (safe.size() < 2 || unsafe.size() < 2) {
            return List.of();
        }
        float[][][] s = Representations.lastHiddenAllLayers(w.model(), safe, run.knobs.batchSize());
        float[][][] u = Representations.lastHiddenAllLayers(w.model(), unsafe, run.knobs.batchSize());
        SortedMap<Integer, float[][]> safeByLayer = new TreeMap<>();
        SortedMap<Integer, float[][]> unsafeByLayer = new TreeMap<>();
        for (int l = 0; l < s.length; l++) {
            safeByLayer.put(l, s[l]);
            unsafeByLayer.put(l, u[l]);
        }
        try {
            return run.judge.geometry(safeByLayer, unsafeByLayer).orElse(List.of());
        } catch (RuntimeException e) {
            run.emit(RepairPhase.WRITING, run.state().rows().size(), "alignment geometry unavailable: "
                    + e.getMessage());
            return List.of();
        }
    }
}
