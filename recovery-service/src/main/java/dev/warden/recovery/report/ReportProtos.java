package dev.warden.recovery.report;

import dev.warden.model.organism.ParityReport;
import dev.warden.proto.v1.BiasAuditRun;
import dev.warden.proto.v1.GroupRefusal;
import dev.warden.proto.v1.PairParity;

import com.google.protobuf.Duration;
import com.google.protobuf.util.Durations;
import dev.warden.proto.v1.LayerGeometry;
import dev.warden.proto.v1.ModuleChange;
import dev.warden.proto.v1.RepairPhase;
import dev.warden.proto.v1.RepairReport;
import dev.warden.proto.v1.RepairStepRow;
import dev.warden.proto.v1.SwapBound;
import dev.warden.recovery.method.LayerGeometryRow;
import dev.warden.recovery.method.ModuleChangeRow;
import dev.warden.recovery.method.StepRow;
import dev.warden.recovery.method.SwapBoundResult;
import java.util.List;

/** The method's result records as the contract's messages. Null lists and absent parts map to empty ones. */
public final class ReportProtos {

    private ReportProtos() {
    }

    /** The proto phase of a method phase (same names). */
    public static RepairPhase phase(dev.warden.recovery.method.RepairPhase phase) {
        return phase == null ? RepairPhase.REPAIR_PHASE_UNSPECIFIED : RepairPhase.valueOf("REPAIR_PHASE_" + phase.name());
    }

    /** A duration of {@code seconds} (negative or non-finite values count as 0). */
    public static Duration seconds(double seconds) {
        if (!Double.isFinite(seconds) || seconds <= 0) {
            return Durations.ZERO;
        }
        return Durations.fromNanos(Math.round(seconds * 1e9));
    }

    /** A step row. */
    public static RepairStepRow row(StepRow s) {
        StepRow.Counts c = s.counts();
        StepRow.Evaluation e = s.evaluation();
        RepairStepRow.Builder b = RepairStepRow.newBuilder().setStep(s.step()).setPhase(phase(s.phase()))
                .setRestoredCount(c.restoredCount()).setRolledBackCount(c.rolledBackCount())
                .setRestoredTotal(c.restoredTotal()).setCheckpoint(e.checkpoint()).setBelowFloor(e.belowFloor())
                .setHarmfulLoss(s.harmfulLoss()).setDuration(seconds(s.seconds()));
        if (e.harmfulRate() != null) {
            b.setHarmfulRate(e.harmfulRate());
        }
        if (e.taskScore() != null) {
            b.setTaskScore(e.taskScore());
        }
        if (e.groupParity() != null) {
            b.setGroupParity(parity(e.groupParity()));
        }
        return b.build();
    }

    /**
     * Demographic parity as the judge's audit run message: groups with their Wilson intervals, pairs with Delta DP,
     * Newcombe's interval and the flag; the overall and summary figures computed from them.
     */
    public static BiasAuditRun parity(ParityReport p) {
        BiasAuditRun.Builder b = BiasAuditRun.newBuilder();
        int requests = 0;
        int refusals = 0;
        for (ParityReport.GroupRate g : p.groups()) {
            b.addGroups(GroupRefusal.newBuilder().setGroup(g.group()).setRequests(g.requests())
                    .setRefusals(g.refusals()).setRefusalRate(g.rate()).setRefusalRateLow(g.low())
                    .setRefusalRateHigh(g.high()));
            requests += g.requests();
            refusals += g.refusals();
        }
        double sum = 0;
        double max = 0;
        int flagged = 0;
        for (ParityReport.PairGap x : p.pairs()) {
            b.addPairs(PairParity.newBuilder().setGroupA(x.groupA()).setGroupB(x.groupB())
                    .setRefusalRateA(p.groups().stream().filter(g -> g.group().equals(x.groupA())).findFirst()
                            .map(ParityReport.GroupRate::rate).orElse(0.0))
                    .setRefusalRateB(p.groups().stream().filter(g -> g.group().equals(x.groupB())).findFirst()
                            .map(ParityReport.GroupRate::rate).orElse(0.0))
                    .setDeltaDp(x.deltaDp()).setDeltaDpLow(x.low()).setDeltaDpHigh(x.high()).setFlagged(x.flagged()));
            sum += Math.abs(x.deltaDp());
            max = Math.max(max, Math.abs(x.deltaDp()));
            flagged += x.flagged() ? 1 : 0;
        }
        return b.setOverallRefusalRate(requests == 0 ? 0 : (double) refusals / requests)
                .setMeanAbsDeltaDp(p.pairs().isEmpty() ? 0 : sum / p.pairs().size()).setMaxAbsDeltaDp(max)
                .setFlaggedPairs(flagged).build();
    }

    /** The report. */
    public static RepairReport report(dev.warden.recovery.method.RepairReport r) {
        var before = r.before();
        var schedule = r.schedule();
        var kept = r.kept();
        RepairReport.Builder b = RepairReport.newBuilder().setBaselineTaskScore(before.taskScore())
                .setTaskFloor(before.taskFloor()).setBaselineHarmfulRate(before.harmfulRate())
                .setCutLayer(schedule.cutLayer()).setRollbackMode(schedule.rollbackMode()).setSelectedStep(kept.step())
                .setOutputCheckpointPath(nz(r.outputCheckpointPath())).setDuration(seconds(r.seconds()));
        if (before.alignedHarmfulRate() != null) {
            b.setAlignedHarmfulRate(before.alignedHarmfulRate());
        }
        if (kept.harmfulRate() != null) {
            b.setSelectedHarmfulRate(kept.harmfulRate());
        }
        if (kept.taskScore() != null) {
            b.setSelectedTaskScore(kept.taskScore());
        }
        for (StepRow s : list(schedule.steps())) {
            b.addSteps(row(s));
        }
        if (schedule.swapBound() != null) {
            b.setSwapBound(swapBound(schedule.swapBound()));
        }
        for (ModuleChangeRow c : list(kept.changes())) {
            b.addChanges(ModuleChange.newBuilder().setLayer(c.layer()).setModule(nz(c.module()))
                    .setParameters(c.parameters()).setRestored(c.restored()).setRolledBack(c.rolledBack()));
        }
        list(r.geometry().before()).forEach(g -> b.addGeometryBefore(geometry(g)));
        list(r.geometry().after()).forEach(g -> b.addGeometryAfter(geometry(g)));
        if (before.parity() != null) {
            b.setBaselineGroupParity(parity(before.parity()));
        }
        if (kept.parity() != null) {
            b.setSelectedGroupParity(parity(kept.parity()));
        }
        return b.build();
    }

    /** The swap-bound diagnostic. */
    public static SwapBound swapBound(SwapBoundResult s) {
        SwapBound.Builder b = SwapBound.newBuilder().setCutLayer(s.cutLayer())
                .setSwappedHarmfulRate(s.swappedHarmfulRate()).setSwappedTaskScore(s.swappedTaskScore())
                .setRepairable(s.repairable()).setSummary(nz(s.summary()));
        if (s.suggestedCutLayer() != null) {
            b.setSuggestedCutLayer(s.suggestedCutLayer());
        }
        return b.build();
    }

    /** A geometry row. */
    public static LayerGeometry geometry(LayerGeometryRow g) {
        return LayerGeometry.newBuilder().setLayer(g.layer()).setDaviesBouldin(g.daviesBouldin()).setDunn(g.dunn())
                .setXieBeni(g.xieBeni()).setCalinskiHarabasz(g.calinskiHarabasz()).setAlignmentIndex(g.alignmentIndex())
                .build();
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
