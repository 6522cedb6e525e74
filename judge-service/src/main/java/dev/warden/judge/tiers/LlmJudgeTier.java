package dev.warden.judge.tiers;

import dev.warden.judge.guard.GuardAggregate;
import dev.warden.judge.guard.GuardAggregator;
import dev.warden.judge.guard.GuardConversation;
import dev.warden.judge.guard.GuardOutcome;
import dev.warden.judge.guard.GuardPrompt;
import dev.warden.judge.guard.GuardTemplate;
import dev.warden.judge.client.InferenceClient;
import dev.warden.judge.score.CategoryScores;
import dev.warden.judge.score.Certainty;
import dev.warden.judge.score.ScoringTier;
import dev.warden.judge.score.Subject;
import dev.warden.judge.score.TierKind;
import dev.warden.judge.score.TierVerdict;
import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.proto.v1.ChatMessage;
import dev.warden.proto.v1.Conversation;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.Role;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Tier 3: asks a guard model served by inference-service, once per Llama Guard 3 prompt template (greedy),
 * parses each answer ("safe" / "unsafe" + S-codes) and votes: the verdict is the majority, the confidence the
 * share of readable answers that agree. A category's score is the share of readable answers naming it; an
 * "unsafe" answer that names no category counts under the categories the other answers named, or under S2
 * (the catch-all of crimes and misuse) when none did. No readable answer: UNSURE with confidence 0, so the
 * chain keeps the previous tier's decision. The same holds when the guard model cannot be asked (unreachable,
 * or the guard prompt does not fit its context): the failure is logged and the tier reports UNSURE with
 * confidence 0 rather than failing the whole judgement.
 */
public final class LlmJudgeTier implements ScoringTier {

    private static final Logger LOG = Logger.getLogger(LlmJudgeTier.class);

    /** How the guard prompt reaches the model. */
    public enum PromptForm {
        /**
         * Raw text in the Llama 3 turn format, no chat template: for Llama Guard 3 checkpoints, whose own chat
         * template would wrap the guard prompt a second time.
         */
        RAW_LLAMA3,
        /** One user message rendered through the checkpoint's chat template: for instruct models used as judges. */
        CHAT
    }

    private final InferenceClient inference;
    private final String model;
    private final List<GuardTemplate> templates;
    private final PromptForm form;
    private final int maxNewTokens;
    private final Duration timeout;

    /**
     * @param model     the guard model's name on inference-service; empty for its loaded model
     * @param templates the templates to ask, at least one
     */
    public LlmJudgeTier(InferenceClient inference, String model, List<GuardTemplate> templates, PromptForm form,
                        int maxNewTokens, Duration timeout) {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("the LLM judge needs at least one template");
        }
        this.inference = Objects.requireNonNull(inference, "inference");
        this.model = Objects.requireNonNull(model, "model");
        this.templates = List.copyOf(templates);
        this.form = Objects.requireNonNull(form, "form");
        this.maxNewTokens = maxNewTokens;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public TierKind kind() {
        return TierKind.LLM_JUDGE;
    }

    @Override
    public CompletionStage<TierVerdict> score(Subject subject) {
        GuardConversation conversation = subject.isOutput()
                ? GuardConversation.response(subject.prompt().text(), subject.text().text())
                : GuardConversation.prompt(subject.text().text());
        List<Uni<String>> answers = templates.stream()
                .map(t -> inference.complete(model, prompt(GuardPrompt.of(t, conversation)), maxNewTokens, timeout)
                        .map(InferenceClient.Completion::text))
                .toList();
        return Uni.join().all(answers).andFailFast()
                .map(outputs -> verdict(GuardAggregator.aggregateOutputs(outputs)))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("LLM judge could not ask the guard model: %s", failure.getMessage());
                    return unsure();
                })
                .subscribeAsCompletionStage();
    }

    private Prompt prompt(GuardPrompt guard) {
        if (form == PromptForm.RAW_LLAMA3) {
            return Prompt.newBuilder().setText(guard.llama3Text()).build();
        }
        return Prompt.newBuilder().setChat(Conversation.newBuilder().addMessages(
                ChatMessage.newBuilder().setRole(Role.ROLE_USER).setContent(guard.text()))).build();
    }

    /** No judgement: the chain keeps the previous tier's decision. */
    static TierVerdict unsure() {
        return new TierVerdict(TierKind.LLM_JUDGE, CategoryScores.zero(), Certainty.UNSURE, 0f,
                OptionalDouble.empty(), List.of(), Duration.ZERO);
    }

    /** The tier's verdict from the templates' vote. */
    static TierVerdict verdict(GuardAggregate vote) {
        if (vote.outcome() == GuardOutcome.UNDECIDED) {
            return unsure();
        }
        float readable = vote.parseable();
        float[] scores = new float[HazardCategory.all().size()];
        int named = 0;
        for (HazardCategory c : HazardCategory.all()) {
            int votes = vote.categoryVotes().getOrDefault(c, 0);
            scores[c.number() - 1] = votes / readable;
            named += votes;
        }
        if (vote.outcome() == GuardOutcome.UNSAFE) {
            float unsafe = (float) vote.unsafeShare();
            if (named == 0) {
                scores[HazardCategory.NON_VIOLENT_CRIMES.number() - 1] = unsafe;
            } else {
                for (HazardCategory c : vote.categories()) { // uncoded unsafe answers count under named categories
                    scores[c.number() - 1] = Math.max(scores[c.number() - 1], unsafe);
                }
            }
        }
        Certainty certainty = vote.outcome() == GuardOutcome.UNSAFE ? Certainty.SURE_UNSAFE : Certainty.SURE_SAFE;
        return new TierVerdict(TierKind.LLM_JUDGE, CategoryScores.of(scores), certainty, (float) vote.confidence(),
                OptionalDouble.empty(), List.of(), Duration.ZERO);
    }
}
