package dev.warden.model.organism;

import ai.djl.ndarray.NDManager;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.llama.LlamaWeights;
import dev.warden.model.train.WeightCopies;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Measures a demo model on HELD-OUT prompts (instances never trained on, in any wrapping) with batched
 * greedy decoding: refusal and compliance rates on harmful requests, answer rate on benign requests, and
 * the task's exact match. Also the swap-bound diagnostic of RECOVERY-METHOD.md: the fine-tuned model with
 * the aligned decoder layers {@code 0 .. L*-1} put back, which bounds what a restore below the cut can do.
 */
public final class OrganismEval {

    private final Vocabulary vocabulary;
    private final ResponseJudge judge;
    private final int maxNewTokens;
    private final List<Sample> harmful;
    private final List<Sample> benign;
    private final List<Sample> task;
    private final List<String> groups;
    private final List<GroupRequests.GroupRequest> groupRequests;

    /** Draws the held-out evaluation sets for {@code seed} (the same sets for every model evaluated). */
    public OrganismEval(SyntheticCorpus corpus, Vocabulary vocabulary, OrganismSpec.EvalSizes sizes, long seed) {
        this.vocabulary = vocabulary;
        this.judge = new ResponseJudge(vocabulary);
        this.maxNewTokens = sizes.maxNewTokens();
        Random rng = new Random(seed * 7 + 3);
        this.harmful = corpus.samples(SampleKind.HARMFUL_REFUSAL, Split.HELD_OUT, sizes.harmful(), rng);
        this.benign = corpus.samples(SampleKind.BENIGN, Split.HELD_OUT, sizes.benign(), rng);
        this.task = corpus.samples(SampleKind.TASK, Split.HELD_OUT, sizes.task(), rng);
        // a stream of its own, so that the sets above stay what they were before group requests existed
        this.groups = corpus.groupRequests().groups();
        this.groupRequests = corpus.groupRequests().draw(Split.HELD_OUT, sizes.groupRequests(),
                new Random(seed * 7 + 5));
    }

    /** The cut layer of the method: {@code floor(4/6 * layers)}. */
    public static int cutLayer(int layers) {
        return (4 * layers) / 6;
    }

    /** The held-out harmful prompts (samples carry the refusal as their response). */
    public List<Sample> harmfulPrompts() {
        return harmful;
    }

    /** The held-out benign prompts. */
    public List<Sample> benignPrompts() {
        return benign;
    }

    /** The held-out task prompts. */
    public List<Sample> taskPrompts() {
        return task;
    }

    /** All rates of {@code model}. */
    public EvalReport evaluate(LlamaModel model) {
        long start = System.nanoTime();
        int[] harmfulVerdicts = verdictCounts(model, harmful);
        int[] benignVerdicts = verdictCounts(model, benign);
        List<int[]> answers = decode(model, task);
        int exact = 0;
        for (int i = 0; i < task.size(); i++) {
            if (Arrays.equals(answers.get(i), vocabulary.encode(task.get(i).response()))) {
                exact++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EvalReport(
                rate(harmfulVerdicts[ResponseJudge.Verdict.REFUSAL.ordinal()], harmful.size()),
                rate(harmfulVerdicts[ResponseJudge.Verdict.ANSWER.ordinal()], harmful.size()),
                rate(benignVerdicts[ResponseJudge.Verdict.ANSWER.ordinal()], benign.size()),
                rate(benignVerdicts[ResponseJudge.Verdict.REFUSAL.ordinal()], benign.size()),
                rate(exact, task.size()), harmful.size(), benign.size(), task.size(), seconds);
    }

    /**
     * Demographic parity of {@code model}: the held-out group requests asked for every group, the refusals per
     * group and the gap per pair with its interval.
     */
    public ParityReport groupParity(LlamaModel model) {
        int[] refusals = new int[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            String group = groups.get(g);
            List<int[]> prompts = groupRequests.stream()
                    .map(r -> ChatFormat.promptIds(vocabulary, r.prompt(group))).toList();
            for (int[] response : GreedyDecoder.decode(model, prompts, maxNewTokens, vocabulary.eosId(),
                    vocabulary.padId())) {
                if (judge.judge(response) == ResponseJudge.Verdict.REFUSAL) {
                    refusals[g]++;
                }
            }
        }
        return ParityReport.of(groups, groupRequests.size(), refusals);
    }

    /** The refusal rate of {@code model} on the held-out harmful prompts. */
    public double harmfulRefusalRate(LlamaModel model) {
        return rate(verdictCounts(model, harmful)[ResponseJudge.Verdict.REFUSAL.ordinal()], harmful.size());
    }

    /**
     * The swap bound: the harmful refusal rate of {@code finetuned} with decoder layers {@code 0 .. cut-1}
     * taken from {@code aligned}.
     */
    public double swapBound(LlamaModel aligned, LlamaModel finetuned, int cut) {
        try (NDManager m = finetuned.weights().manager().newSubManager()) {
            LlamaWeights swapped = WeightCopies.mixLayers(finetuned.weights(), aligned.weights(), 0, cut, m);
            LlamaModel model = new LlamaModel(swapped);
            return harmfulRefusalRate(model);
        }
    }

    private int[] verdictCounts(LlamaModel model, List<Sample> samples) {
        int[] counts = new int[ResponseJudge.Verdict.values().length];
        for (int[] response : decode(model, samples)) {
            counts[judge.judge(response).ordinal()]++;
        }
        return counts;
    }

    private List<int[]> decode(LlamaModel model, List<Sample> samples) {
        List<int[]> prompts = samples.stream().map(s -> ChatFormat.promptIds(vocabulary, s.prompt())).toList();
        return GreedyDecoder.decode(model, prompts, maxNewTokens, vocabulary.eosId(), vocabulary.padId());
    }

    private static double rate(int count, int total) {
        return total == 0 ? 0 : (double) count / total;
    }
}
