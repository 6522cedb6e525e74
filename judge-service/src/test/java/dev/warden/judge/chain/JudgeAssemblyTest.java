package dev.warden.judge.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.judge.client.InferenceClient;
import dev.warden.judge.rules.RuleOptions;
import dev.warden.judge.rules.RuleScorer;
import dev.warden.judge.score.Judge;
import dev.warden.judge.score.JudgeRequest;
import dev.warden.judge.score.Judgement;
import dev.warden.judge.score.TierKind;
import dev.warden.judge.tiers.LlmJudgeTier;
import dev.warden.proto.v1.MutinyInferenceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The judge's assembly from tier names, with the shipped lexicons, classifier and guard model. The LLM judge's
 * client is a real gRPC stub over a channel that is never used (building the chain asks nothing of the server).
 */
class JudgeAssemblyTest {

    /** The rules score it 0: sure safe, so whether the chain stops at them is the rules' decides-safe setting. */
    private static final String HARMLESS = "What is the capital of France, and how many people live there?";
    private static final JudgeAssembly.LlmJudgeSettings LLM = new JudgeAssembly.LlmJudgeSettings("", 2,
            LlmJudgeTier.PromptForm.RAW_LLAMA3, 16, Duration.ofSeconds(5));

    private static RuleScorer rules;
    private static ManagedChannel channel;

    @BeforeAll
    static void load() {
        rules = RuleScorer.load(RuleOptions.defaults());
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", 1).usePlaintext().build();
    }

    @AfterAll
    static void close() {
        channel.shutdownNow();
    }

    private static InferenceClient inference() {
        return new InferenceClient(MutinyInferenceGrpc.newMutinyStub(channel));
    }

    @Test
    void theNamedTiersMakeTheChainCheapestFirst() {
        assertEquals(List.of(TierKind.RULES), JudgeAssembly.of(List.of("rules"), rules, 0.5f).build().tiers());
        assertEquals(List.of(TierKind.CLASSIFIER),
                JudgeAssembly.of(List.of(" Classifier "), rules, 0.5f).guard("off", 0f).build().tiers());
        assertEquals(List.of(TierKind.RULES, TierKind.CLASSIFIER, TierKind.LLM_JUDGE),
                JudgeAssembly.of(List.of("rules", "classifier", "llm-judge"), rules, 0.5f)
                        .llmJudge(inference(), LLM).build().tiers());
        // the names choose the tiers; ScoringChain runs them cheapest first whatever the order of the names
        assertEquals(List.of(TierKind.RULES, TierKind.LLM_JUDGE),
                JudgeAssembly.of(List.of("llm-judge", "RULES"), rules, 0.5f).llmJudge(inference(), LLM).build().tiers());
    }

    @Test
    void theThresholdIsTheJudges() {
        assertEquals(0.4f, JudgeAssembly.of(List.of("rules"), rules, 0.4f).build().threshold());
        assertThrows(IllegalArgumentException.class, () -> JudgeAssembly.of(List.of("rules"), rules, 0f).build());
    }

    @Test
    void anUnknownTierIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JudgeAssembly.of(List.of("rules", "Regex"), rules, 0.5f).build());
        assertEquals("warden.judge.tiers: unknown tier 'Regex' (rules, classifier, llm-judge)", e.getMessage());
    }

    @Test
    void noTierOrATierTwiceIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> JudgeAssembly.of(List.of(), rules, 0.5f).build());
        assertThrows(IllegalArgumentException.class,
                () -> JudgeAssembly.of(List.of("rules", " rules"), rules, 0.5f).build());
    }

    @Test
    void theLlmJudgeWithoutAnInferenceClientIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JudgeAssembly.of(List.of("rules", "llm-judge"), rules, 0.5f).build());
        assertTrue(e.getMessage().contains("'llm-judge' needs an inference client"), e.getMessage());
        assertThrows(NullPointerException.class,
                () -> JudgeAssembly.of(List.of("llm-judge"), rules, 0.5f).llmJudge(null, LLM));
        assertThrows(IllegalArgumentException.class, () -> new JudgeAssembly.LlmJudgeSettings("", 4,
                LlmJudgeTier.PromptForm.CHAT, 16, Duration.ofSeconds(5)));
    }

    @Test
    void theRulesEndTheChainOnASureSafeTextOnlyWhenTheyDecideSafe() {
        Judgement deciding = judge(JudgeAssembly.of(List.of("rules", "classifier"), rules, 0.5f)
                .rulesDecideSafe(true).build());
        assertEquals(TierKind.RULES, deciding.decidedBy());
        assertEquals(1, deciding.tiers().size());

        Judgement passing = judge(JudgeAssembly.of(List.of("rules", "classifier"), rules, 0.5f)
                .rulesDecideSafe(false).build());
        assertEquals(TierKind.CLASSIFIER, passing.decidedBy());
        assertEquals(List.of(TierKind.RULES, TierKind.CLASSIFIER),
                passing.tiers().stream().map(t -> t.tier()).toList());

        Judgement byDefault = judge(JudgeAssembly.of(List.of("rules", "classifier"), rules, 0.5f).build());
        assertEquals(2, byDefault.tiers().size(), "by default the rules decide only unsafe texts");
    }

    @Test
    void aBadGuardSettingIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> JudgeAssembly.of(List.of("classifier"), rules, 0.5f).guard("loose", 0.8f).build());
        assertThrows(IllegalArgumentException.class,
                () -> JudgeAssembly.of(List.of("classifier"), rules, 0.5f).guard("default", 1.5f).build());
    }

    private static Judgement judge(Judge judge) {
        return judge.judge(JudgeRequest.ofPrompt(HARMLESS)).toCompletableFuture().join();
    }
}
