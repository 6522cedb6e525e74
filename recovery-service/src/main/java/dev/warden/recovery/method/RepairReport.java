package dev.warden.recovery.method;

import dev.warden.model.organism.ParityReport;

import java.util.List;

/**
 * The result of a repair (the proto's RepairReport), also written as {@code report.json}.
 *
 * @param baselineTaskScore     task score S0 of the fine-tuned model
 * @param taskFloor             (1 - allowed_task_drop) * S0
 * @param baselineHarmfulRate   harmful rate of the fine-tuned model
 * @param alignedHarmfulRate    harmful rate of the aligned model, or null when not measured
 * @param cutLayer              the cut point used
 * @param rollbackMode          whether the warm-up fell below the floor and restore + rollback steps ran
 * @param steps                 one row per restore step, in order
 * @param swapBound             the swap-bound diagnostic
 * @param selectedStep          the step whose checkpoint was kept; 0 when none
 * @param selectedHarmfulRate   harmful rate of the kept checkpoint, or null
 * @param selectedTaskScore     task score of the kept checkpoint, or null
 * @param changes               weights of the kept checkpoint that differ from F, per layer and module
 * @param outputCheckpointPath  directory of the repaired checkpoint
 * @param reportJsonPath        path of report.json
 * @param reportHtmlPath        path of report.html
 * @param geometryBefore        alignment geometry of F, empty when the judge does not offer it
 * @param geometryAfter         alignment geometry of the kept checkpoint, empty likewise
 * @param seconds               total time of the job, resumes included
 * @param loadedIntoInference   whether inference-service now serves the repaired checkpoint
 * @param baselineParity        demographic parity of F, when measured ({@link RepairKnobs.BiasProbe}); else null
 * @param selectedParity        demographic parity of the kept checkpoint, likewise
 */
public record RepairReport(double baselineTaskScore, double taskFloor, double baselineHarmfulRate,
                           Double alignedHarmfulRate, int cutLayer, boolean rollbackMode, List<StepRow> steps,
                           SwapBoundResult swapBound, int selectedStep, Double selectedHarmfulRate,
                           Double selectedTaskScore, List<ModuleChangeRow> changes, String outputCheckpointPath,
                           String reportJsonPath, String reportHtmlPath, List<LayerGeometryRow> geometryBefore,
                           List<LayerGeometryRow> geometryAfter, double seconds, boolean loadedIntoInference,
                           ParityReport baselineParity, ParityReport selectedParity) {

    /** A report without parity measurements. */
    public RepairReport(double baselineTaskScore, double taskFloor, double baselineHarmfulRate,
                        Double alignedHarmfulRate, int cutLayer, boolean rollbackMode, List<StepRow> steps,
                        SwapBoundResult swapBound, int selectedStep, Double selectedHarmfulRate,
                        Double selectedTaskScore, List<ModuleChangeRow> changes, String outputCheckpointPath,
                        String reportJsonPath, String reportHtmlPath, List<LayerGeometryRow> geometryBefore,
                        List<LayerGeometryRow> geometryAfter, double seconds, boolean loadedIntoInference) {
        this(baselineTaskScore, taskFloor, baselineHarmfulRate, alignedHarmfulRate, cutLayer, rollbackMode, steps,
                swapBound, selectedStep, selectedHarmfulRate, selectedTaskScore, changes, outputCheckpointPath,
                reportJsonPath, reportHtmlPath, geometryBefore, geometryAfter, seconds, loadedIntoInference, null, null);
    }

    /** The same report marked as loaded (or not) into inference-service. */
    public RepairReport withLoadedIntoInference(boolean loaded) {
        return new RepairReport(baselineTaskScore, taskFloor, baselineHarmfulRate, alignedHarmfulRate, cutLayer,
                rollbackMode, steps, swapBound, selectedStep, selectedHarmfulRate, selectedTaskScore, changes,
                outputCheckpointPath, reportJsonPath, reportHtmlPath, geometryBefore, geometryAfter, seconds, loaded,
                baselineParity, selectedParity);
    }
}
