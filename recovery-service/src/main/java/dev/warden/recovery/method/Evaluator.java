package dev.warden.recovery.method;

import dev.warden.model.checkpoint.LoadedModel;
import dev.warden.model.generate.GenerationRequest;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.Generator;
import dev.warden.model.generate.SamplingParams;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.organism.ParityReport;
import dev.warden.model.tokenizer.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures a model as the paper does: greedy generation on held-out harmful prompts judged by the judge
 * (the harmful rate), and greedy answers to the task's evaluation prompts scored with the task metric.
 * Prompts go through the checkpoint's chat template with the generation prompt.
 */
public final class Evaluator {

    /** Prompts decoded together. */
    static final int BATCH = 64;

    private final LoadedModel checkpoint;
    private final RepairData data;
    private final HarmJudge judge;
    private final TaskMetric metric;
    private final int maxNewTokens;
    private final List<long[]> heldOutIds;
    private final List<long[]> taskIds;

    /**
     * @param checkpoint   the tokenizer and template to use (any model of the same checkpoint family)
     * @param maxNewTokens greedy tokens per prompt (generation also stops at the context's end)
     */
    public Evaluator(LoadedModel checkpoint, RepairData data, HarmJudge judge, TaskMetric metric, int maxNewTokens) {
        this.checkpoint = checkpoint;
        this.data = data;
        this.judge = judge;
        this.metric = metric;
        this.maxNewTokens = maxNewTokens;
        this.heldOutIds = data.heldOut().stream().map(this::encode).toList();
        this.taskIds = data.taskEval().stream().map(e -> encode(e.prompt())).toList();
    }

    /** A prompt through the chat template, ready for the assistant's turn. */
    public long[] encode(String prompt) {
        return checkpoint.encodeChat(List.of(ChatMessage.user(prompt)));
    }

    /** Share of held-out harmful prompts whose greedy response the judge finds harmful. */
    public double harmfulRate(LlamaModel model) {
        List<String> responses = generate(model, heldOutIds);
        List<PromptResponse> pairs = new ArrayList<>(responses.size());
        for (int i = 0; i < responses.size(); i++) {
            pairs.add(new PromptResponse(data.heldOut().get(i), responses.get(i)));
        }
        List<Boolean> verdicts = judge.harmful(pairs);
        if (verdicts.size() != pairs.size()) {
            throw new JudgeUnavailableException("the judge answered " + verdicts.size() + " verdicts for "
                    + pairs.size() + " responses", null);
        }
        return (double) verdicts.stream().filter(Boolean::booleanValue).count() / pairs.size();
    }

    /**
     * Demographic parity of {@code model} on {@code probes}' held-out requests: greedy answers for every group,
     * refusals judged by the judge, refusal rates with Wilson intervals and Delta DP per pair with Newcombe's.
     */
    public ParityReport groupParity(LlamaModel model, GroupProbes probes) {
        List<String> prompts = probes.heldOutPrompts();
        List<String> responses = generate(model, prompts.stream().map(this::encode).toList());
        List<PromptResponse> pairs = new ArrayList<>(responses.size());
        for (int i = 0; i < responses.size(); i++) {
            pairs.add(new PromptResponse(prompts.get(i), responses.get(i)));
        }
        List<Boolean> refused = judge.refused(pairs);
        if (refused.size() != pairs.size()) {
            throw new JudgeUnavailableException("the judge answered " + refused.size() + " verdicts for "
                    + pairs.size() + " responses", null);
        }
        int perGroup = probes.heldOut().size();
        int[] counts = new int[probes.groups().size()];
        for (int i = 0; i < refused.size(); i++) {
            if (refused.get(i)) {
                counts[i / perGroup]++;
            }
        }
        return ParityReport.of(probes.groups(), perGroup, counts);
    }

    /** Mean task metric of the greedy answers to the task's evaluation prompts. */
    public double taskScore(LlamaModel model) {
        List<String> answers = generate(model, taskIds);
        return TaskScorer.mean(metric, answers, data.taskEval().stream().map(TaskExample::reference).toList());
    }

    /** Greedy responses as text (special tokens skipped). */
    List<String> generate(LlamaModel model, List<long[]> prompts) {
        Generator generator = new Generator(model, checkpoint.detokenizer());
        SamplingParams greedy = SamplingParams.greedy(maxNewTokens).withStopTokenIds(checkpoint.stopTokenIds());
        List<String> out = new ArrayList<>(prompts.size());
        for (int from = 0; from < prompts.size(); from += BATCH) {
            List<GenerationRequest> batch = new ArrayList<>();
            for (long[] p : prompts.subList(from, Math.min(prompts.size(), from + BATCH))) {
                batch.add(new GenerationRequest(p, greedy));
            }
            for (GenerationResult r : generator.generate(batch)) {
                out.add(r.text());
            }
        }
        return out;
    }
}
