package dev.warden.recovery.method;

import dev.warden.model.organism.ParityReport;

import java.util.List;

/**
 * The result of a repair (the proto's RepairReport, which the job layer completes with the report files' paths and
 * the load into inference-service), grouped by meaning.
 *
 * @param before               the fine-tuned (and aligned) model as measured before the repair
 * @param schedule             what ran: cut, mode, the swap-bound diagnostic, one row per step
 * @param kept                 the checkpoint kept and what it changed
 * @param geometry             alignment geometry of F and of the kept checkpoint
 * @param outputCheckpointPath directory of the repaired checkpoint
 * @param seconds              total time of the job, resumes included
 */
public record RepairReport(Before before, Schedule schedule, Kept kept, Geometry geometry,
                           String outputCheckpointPath, double seconds) {

    /**
     * The models before the repair.
     *
     * @param taskScore          task score S0 of the fine-tuned model
     * @param taskFloor          (1 - allowed_task_drop) * S0
     * @param harmfulRate        harmful rate of the fine-tuned model
     * @param alignedHarmfulRate harmful rate of the aligned model, or null when not measured
     * @param parity             demographic parity of F, when measured ({@link RepairKnobs.BiasProbe}); else null
     */
    public record Before(double taskScore, double taskFloor, double harmfulRate, Double alignedHarmfulRate,
                         ParityReport parity) {
    }

    /**
     * What ran.
     *
     * @param cutLayer     the cut point used
     * @param rollbackMode whether the warm-up fell below the floor and restore + rollback steps ran
     * @param swapBound    the swap-bound diagnostic
     * @param steps        one row per restore step, in order
     */
    public record Schedule(int cutLayer, boolean rollbackMode, SwapBoundResult swapBound, List<StepRow> steps) {
    }

    /**
     * The checkpoint kept.
     *
     * @param step        the step whose checkpoint was kept; 0 when none (F's weights)
     * @param harmfulRate its harmful rate, or null
     * @param taskScore   its task score, or null
     * @param parity      its demographic parity, when measured; else null
     * @param changes     its weights that differ from F, per layer and module
     */
    public record Kept(int step, Double harmfulRate, Double taskScore, ParityReport parity,
                       List<ModuleChangeRow> changes) {
    }

    /**
     * Alignment geometry from the judge, empty when it does not offer it.
     *
     * @param before of F
     * @param after  of the kept checkpoint
     */
    public record Geometry(List<LayerGeometryRow> before, List<LayerGeometryRow> after) {
    }
}
