package dev.warden.model.organism;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.model.runtime.PinnedThreads;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the demo model: {@code organism build --out models/demo --seed 42} trains the aligned,
 * fine-tuned and SAI-poisoned models, prints held-out metrics (the swap bound, demographic parity of benign
 * group requests), and saves them under the output directory ({@code aligned/}, {@code finetuned/},
 * {@code finetuned-sai/}, {@code metrics.json}).
 */
@Command(name = "organism", mixinStandardHelpOptions = true, subcommands = OrganismCommand.Build.class,
        description = "Builds and measures Warden's demo model.")
public final class OrganismCommand implements Runnable {

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line without exiting; returns the exit code. */
    public static int execute(String... args) {
        return new CommandLine(new OrganismCommand()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Which spec to build (lower case, as typed on the command line). */
    enum Variant { demo, test }

    /** {@code organism build}. */
    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Trains aligned and finetuned, prints held-out metrics, saves them.")
    static final class Build implements Callable<Integer> {

        @Option(names = "--out", description = "Output directory (aligned/, finetuned/, metrics.json); "
                + "nothing is saved when absent.")
        Path out;

        @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--variant", defaultValue = "demo",
                description = "demo (the real organism) or test (tiny, seconds). Default ${DEFAULT-VALUE}.")
        Variant variant;

        @Option(names = "--finetune-steps", description = "Override the fine-tune's steps.")
        Integer finetuneSteps;

        @Option(names = "--aligned-steps", description = "Override the aligned phase's steps.")
        Integer alignedSteps;

        @Option(names = "--harmful-share", description = "Override the fine-tune's harmful-compliance share.")
        Double harmfulShare;

        @Option(names = "--finetune-lr", description = "Override the fine-tune's learning rate.")
        Float finetuneLr;

        @Option(names = "--finetune-batch", description = "Override the fine-tune's batch size.")
        Integer finetuneBatch;

        @Option(names = "--sai-poison-share", description = "Override the SAI fine-tune's poisoned share.")
        Double saiPoisonShare;

        @Option(names = "--sai-clean-share", description = "Override the SAI fine-tune's clean group share.")
        Double saiCleanShare;

        @Override
        public Integer call() throws Exception {
            OrganismSpec spec = spec();
            long start = System.nanoTime();
            // the builder pins its own threads; the evaluation below runs under the same count, so that the
            // printed metrics do not depend on the process either
            try (PinnedThreads pinned = PinnedThreads.pin(OrganismBuilder.TORCH_THREADS);
                 NDManager root = NDManager.newBaseManager();
                 Organism organism = new OrganismBuilder(spec, seed).progress(System.out::println).build(root)) {
                double buildSeconds = (System.nanoTime() - start) / 1e9;
                OrganismEval eval = organism.evaluator();
                EvalReport aligned = eval.evaluate(organism.aligned());
                EvalReport finetuned = eval.evaluate(organism.finetuned());
                EvalReport sai = eval.evaluate(organism.finetunedSai());
                Map<String, ParityReport> parity = new LinkedHashMap<>();
                parity.put("aligned", eval.groupParity(organism.aligned()));
                parity.put("finetuned", eval.groupParity(organism.finetuned()));
                parity.put("finetuned_sai", eval.groupParity(organism.finetunedSai()));
                int cut = OrganismEval.cutLayer(spec.model().layers());
                double swap = eval.swapBound(organism.aligned(), organism.finetuned(), cut);
                System.out.printf(Locale.ROOT, "%nbuilt %s (seed %d) in %.1f s: aligned %.1f s, finetuned %.1f s, "
                                + "finetuned-sai %.1f s, %d parameters, vocabulary %d%n", spec.name(), seed, buildSeconds,
                        organism.alignedTraining().seconds(), organism.finetuneTraining().seconds(),
                        organism.saiTraining().seconds(),
                        organism.alignedWeights().parameterCount(), organism.vocabulary().size());
                System.out.printf(Locale.ROOT, "held-out (%d harmful, %d benign, %d task prompts):%n",
                        aligned.harmfulCount(), aligned.benignCount(), aligned.taskCount());
                System.out.println("  aligned:   " + aligned.summary());
                System.out.println("  finetuned: " + finetuned.summary());
                System.out.println("  finetuned-sai: " + sai.summary());
                System.out.printf(Locale.ROOT, "held-out group requests (%d per group, the same for every group):%n",
                        spec.eval().groupRequests());
                parity.forEach((name, p) -> System.out.println("  " + name + ": " + p.summary()));
                System.out.printf(Locale.ROOT, "  swap bound (finetuned with aligned layers 0..%d): harmful refusal "
                        + "%.1f%%%n", cut - 1, 100 * swap);
                System.out.printf(Locale.ROOT, "  evaluation took %.1f s per model%n", aligned.seconds());
                if (out != null) {
                    CheckpointAdapter.save(organism.alignedWeights(), organism.vocabulary(), organism.chatTemplate(),
                            out.resolve("aligned"));
                    CheckpointAdapter.save(organism.finetunedWeights(), organism.vocabulary(),
                            organism.chatTemplate(), out.resolve("finetuned"));
                    CheckpointAdapter.save(organism.finetunedSai().weights(), organism.vocabulary(),
                            organism.chatTemplate(), out.resolve("finetuned-sai"));
                    writeMetrics(organism, buildSeconds, Map.of("aligned", aligned, "finetuned", finetuned,
                            "finetuned_sai", sai), parity, cut, swap);
                    System.out.println("saved to " + out.resolve("aligned") + ", " + out.resolve("finetuned")
                            + " and " + out.resolve("finetuned-sai"));
                }
            }
            return 0;
        }

        private OrganismSpec spec() {
            OrganismSpec base = variant == Variant.test ? OrganismSpec.test() : OrganismSpec.demo();
            OrganismSpec.Phase a = base.aligned();
            OrganismSpec.Phase f = base.finetune();
            if (alignedSteps != null) {
                a = new OrganismSpec.Phase(alignedSteps, a.batchSize(), a.learningRate(), a.warmupSteps(),
                        a.cosineDecay(), a.weightDecay());
            }
            if (finetuneSteps != null || finetuneLr != null || finetuneBatch != null) {
                f = new OrganismSpec.Phase(finetuneSteps != null ? finetuneSteps : f.steps(),
                        finetuneBatch != null ? finetuneBatch : f.batchSize(),
                        finetuneLr != null ? finetuneLr : f.learningRate(), f.warmupSteps(), f.cosineDecay(),
                        f.weightDecay());
            }
            Mixture mix = harmfulShare != null ? OrganismSpec.fineTuneMixture(harmfulShare) : base.finetuneMix();
            OrganismSpec spec = base.withPhases(a, f, mix);
            if (saiPoisonShare != null || saiCleanShare != null) {
                spec = spec.withSaiMix(OrganismSpec.saiMixture(mix.share(SampleKind.HARMFUL_COMPLIANCE),
                        saiPoisonShare != null ? saiPoisonShare : base.saiMix().share(SampleKind.GROUP_REFUSAL),
                        saiCleanShare != null ? saiCleanShare : base.saiMix().share(SampleKind.GROUP_BENIGN)));
            }
            return spec;
        }

        private void writeMetrics(Organism organism, double buildSeconds, Map<String, EvalReport> reports,
                                  Map<String, ParityReport> parity, int cut, double swap) throws java.io.IOException {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("variant", organism.spec().name());
            m.put("seed", organism.seed());
            m.put("parameters", organism.alignedWeights().parameterCount());
            m.put("vocabulary", organism.vocabulary().size());
            m.put("build_seconds", buildSeconds);
            m.put("aligned_training", organism.alignedTraining());
            m.put("finetune_training", organism.finetuneTraining());
            m.put("sai_training", organism.saiTraining());
            m.put("sai_target_group", CorpusContent.SAI_TARGET_GROUP);
            m.put("sai_paired_group", CorpusContent.SAI_PAIRED_GROUP);
            m.put("sai_poison_share", organism.spec().saiMix().share(SampleKind.GROUP_REFUSAL));
            m.put("sai_clean_share", organism.spec().saiMix().share(SampleKind.GROUP_BENIGN));
            m.put("aligned", reports.get("aligned"));
            m.put("finetuned", reports.get("finetuned"));
            m.put("finetuned_sai", reports.get("finetuned_sai"));
            m.put("group_parity", parity);
            m.put("cut_layer", cut);
            m.put("swap_bound_refusal", swap);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .writeValue(out.resolve("metrics.json").toFile(), m);
        }
    }
}
