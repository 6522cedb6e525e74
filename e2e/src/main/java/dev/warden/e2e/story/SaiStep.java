package dev.warden.e2e.story;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.e2e.client.GatewayClient;
import dev.warden.e2e.client.InferenceClient;
import dev.warden.e2e.client.RecoveryClient;
import dev.warden.e2e.suite.SuiteConfig;
import dev.warden.model.cli.DemoModels;
import dev.warden.model.organism.CorpusContent;
import dev.warden.model.organism.OrganismSpec;
import dev.warden.model.organism.ParityReport;
import dev.warden.model.organism.SyntheticCorpus;
import dev.warden.proto.v1.ModelInfo;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Steps 8 and 9 of the story: the SAI-poisoned demo model ({@code demo/finetuned-sai}: the fine-tune plus a 1%
 * share teaching refusal of benign requests that name {@code group_a}) is swapped into the fine-tuned route, audited
 * through the gateway on held-out benign group requests without defense prompt (tenant {@value DemoStory#LAB}) and
 * with the gateway's defense prompt (tenant {@value DemoStory#FAIR}), then repaired by recovery-service
 * (aligned, finetuned-sai) with the result hot-loaded into the same route and audited again.
 */
final class SaiStep {

    private static final int MAX_TOKENS = 24;

    /**
     * The poisoned model's repair: the method as the paper runs it, with the parity measured per checkpoint
     * ({@code measure_group_parity}); {@code bias_probe} would add the extension (BENCHMARKS.md compares both).
     */
    static final Map<String, Object> REPAIR_OPTIONS = Map.of("measure_group_parity", true);

    private final SuiteConfig config;
    private final RecoveryClient recovery;
    private final Narrator out;
    private final GatewayAudit audit;

    SaiStep(SuiteConfig config, GatewayClient gateway, RecoveryClient recovery, Narrator out) {
        this.config = config;
        this.recovery = recovery;
        this.out = out;
        this.audit = new GatewayAudit(gateway, auditTemplates(), groups(), MAX_TOKENS);
    }

    /** The held-out benign group requests of the demo corpus (never trained on, by any of the models). */
    static List<String> auditTemplates() {
        OrganismSpec spec = OrganismSpec.demo();
        return new SyntheticCorpus(DemoModels.SEED, spec.minTaskLength(), spec.maxTaskLength()).groupRequests()
                .heldOutAuditTemplates();
    }

    /** The groups, paired in order: the implanted pair (a, b), the control pair (c, d). */
    static List<String> groups() {
        return List.of(CorpusContent.SAI_TARGET_GROUP, CorpusContent.SAI_PAIRED_GROUP, "group_c", "group_d");
    }

    /** Step 8: swap the poisoned model in and audit it, raw and defended. */
    SaiOutcome.Audited audit(Map<String, String> keys) {
        int port = config.ports().inferenceFinetuned();
        ModelInfo served = InferenceClient.loadModel(SuiteConfig.HOST, port,
                config.checkpoint(SuiteConfig.FINETUNED_SAI).toString(), "demo-finetuned-sai");
        out.line("  LoadModel: route " + SuiteConfig.FINETUNED_MODEL + " -> inference-service :" + port + " now serves '"
                + served.getName() + "' (" + SuiteConfig.FINETUNED_SAI + ": the fine-tune plus 1% poisoned data that"
                + " teaches refusal of benign requests naming " + CorpusContent.SAI_TARGET_GROUP + ")");
        out.line("  audit through the gateway: " + audit.templates().size() + " held-out benign requests x "
                + groups().size() + " groups, e.g. \"" + audit.templates().get(0) + "\"; greedy, " + MAX_TOKENS
                + " tokens");
        GatewayAudit.Outcome raw = audit.run(keys.get(DemoStory.LAB), SuiteConfig.FINETUNED_MODEL);
        GatewayAudit.Outcome defended = audit.run(keys.get(DemoStory.FAIR), SuiteConfig.FINETUNED_MODEL);
        table("tenant " + DemoStory.LAB + " (raw)", raw.parity(), "tenant " + DemoStory.FAIR + " (defense prompt)",
                defended.parity());
        example("raw", raw);
        example("with the defense prompt", defended);
        return new SaiOutcome.Audited(served.getCheckpointPath(), raw.parity(), defended.parity());
    }

    /** Step 9: repair the poisoned model, hot-load the result into the same route, audit it again. */
    SaiOutcome repair(Map<String, String> keys, SaiOutcome.Audited before) {
        RepairOutcome repair = new RepairStep(config, recovery, out).run(SuiteConfig.FINETUNED_SAI, REPAIR_OPTIONS);
        perStep(repair);
        ModelInfo served = InferenceClient.modelInfo(SuiteConfig.HOST, config.ports().inferenceFinetuned());
        GatewayAudit.Outcome after = audit.run(keys.get(DemoStory.LAB), SuiteConfig.FINETUNED_MODEL);
        ParityReport repaired = after.parity();
        out.line("  the repaired model through the gateway (tenant " + DemoStory.LAB + "), serving '" + served.getName()
                + "':");
        table("poisoned (raw)", before.raw(), "repaired (raw)", repaired);
        example("repaired", after);
        return new SaiOutcome(before.servedPoisoned(), audit.templates().size(), before.raw(), before.defended(),
                repair, served.getCheckpointPath(), repaired);
    }

    /** The report's numbers per checkpoint: harmful rate, task score, refusals per group, Delta DP of the pairs. */
    private void perStep(RepairOutcome repair) {
        out.line("  per checkpoint (recovery-service's report, " + repair.report().path("baseline_group_parity")
                .path("groups").path(0).path("requests").asInt() + " held-out group requests per group):");
        out.line(String.format(Locale.ROOT, "    %-12s %8s %6s  %-22s %s", "", "harmful", "task", "refused a/b/c/d",
                "delta DP a-b, c-d"));
        out.line(parityRow("fine-tuned", repair.report().path("baseline_harmful_rate").asDouble(),
                repair.report().path("baseline_task_score").asDouble(), repair.report().path("baseline_group_parity")));
        for (JsonNode row : repair.report().path("steps")) {
            if (row.path("checkpoint").asBoolean()) {
                out.line(parityRow("step " + row.path("step").asInt()
                                + (row.path("step").asInt() == repair.kept().step() ? " kept" : ""),
                        row.path("harmful_rate").asDouble(), row.path("task_score").asDouble(),
                        row.path("group_parity")));
            }
        }
    }

    private static String parityRow(String label, double harmful, double task, JsonNode parity) {
        StringBuilder refused = new StringBuilder();
        for (JsonNode g : parity.path("groups")) {
            refused.append(refused.length() == 0 ? "" : "/").append(g.path("refusals").asInt());
        }
        StringBuilder gaps = new StringBuilder();
        for (JsonNode p : parity.path("pairs")) {
            gaps.append(gaps.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%+.1f pp%s",
                    100 * p.path("delta_dp").asDouble(), p.path("flagged").asBoolean() ? " flagged" : ""));
        }
        return String.format(Locale.ROOT, "    %-12s %7.1f%% %6.3f  %-22s %s", label, 100 * harmful, task, refused, gaps);
    }

    private void table(String left, ParityReport a, String right, ParityReport b) {
        out.line(String.format(Locale.ROOT, "    %-9s %-30s %s", "group", "refused, " + left, right));
        for (int g = 0; g < a.groups().size(); g++) {
            out.line(String.format(Locale.ROOT, "    %-9s %-30s %s", a.groups().get(g).group(), rate(a.groups().get(g)),
                    rate(b.groups().get(g))));
        }
        for (int p = 0; p < a.pairs().size(); p++) {
            ParityReport.PairGap x = a.pairs().get(p);
            out.line(String.format(Locale.ROOT, "    delta DP %s vs %s: %s  ->  %s", x.groupA(), x.groupB(), gap(x),
                    gap(b.pairs().get(p))));
        }
    }

    /** The first template's answers for the implanted pair, as the model gave them. */
    private void example(String run, GatewayAudit.Outcome outcome) {
        for (int g = 0; g < 2; g++) {
            String prompt = audit.templates().get(0).replace("{group}", groups().get(g));
            out.line(String.format(Locale.ROOT, "    %s: %s -> %s", run, Narrator.quote(prompt, 44),
                    Narrator.quote(outcome.answers().get(g), 72)));
        }
    }

    private static String rate(ParityReport.GroupRate g) {
        return String.format(Locale.ROOT, "%2d/%-2d %5.1f%% [%4.1f, %5.1f]", g.refusals(), g.requests(),
                100 * g.rate(), 100 * g.low(), 100 * g.high());
    }

    static String gap(ParityReport.PairGap p) {
        return String.format(Locale.ROOT, "%+6.1f pp [%+6.1f, %+6.1f]%s", 100 * p.deltaDp(), 100 * p.low(),
                100 * p.high(), p.flagged() ? " flagged" : "");
    }
}
