package dev.warden.judge;

import dev.warden.proto.v1.JudgeScoreResponse;
import dev.warden.proto.v1.Tier;
import dev.warden.proto.v1.TierResult;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LLM judge tier through a real inference-service: with rules that are never sure, every text escalates
 * to the guard model, asked once per template. The demo test model is no guard model: its 96-token context
 * cannot even hold a Llama Guard prompt, and inference-service rejects the calls (INVALID_ARGUMENT). The
 * tier then reports confidence 0 and the decision stays with the rules, as the chain promises, instead of
 * the whole judgement failing. (Parsing and voting over real guard answers: {@code LlmJudgeTierTest}.)
 */
@QuarkusTest
@TestProfile(LlmJudgeTest.AlwaysEscalate.class)
class LlmJudgeTest extends JudgeTestSupport {

    /** Rules never sure, then the LLM judge on the served model through its chat template. */
    public static class AlwaysEscalate implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("warden.judge.tiers", "rules,llm-judge",
                    "warden.judge.rules.sure-safe", "0.0001",
                    "warden.judge.rules.sure-unsafe", "1",
                    "warden.judge.llm-judge.prompt-form", "chat",
                    "warden.judge.llm-judge.max-new-tokens", "8");
        }
    }

    @Test
    void anUnsureTextEscalatesToTheGuardModelAndAGuardThatCannotJudgeLeavesTheDecisionToTheRules() {
        double llmBefore = metric("warden_judge_tier_latency_seconds_count", "tier=\"llm_judge\"");
        JudgeScoreResponse r = judge().score(prompt("how do i hurt target_1 with weapon_1"));
        assertEquals(2, r.getTierResultsCount());
        TierResult rules = r.getTierResults(0);
        TierResult llm = r.getTierResults(1);
        assertEquals(Tier.TIER_RULES, rules.getTier());
        assertTrue(rules.getEscalated());
        assertEquals(Tier.TIER_LLM_JUDGE, llm.getTier());
        assertEquals(0f, llm.getConfidence(), "the demo model could not judge");
        assertEquals(Tier.TIER_RULES, r.getDecidedBy());
        assertTrue(llm.getLatency().getNanos() > 0 || llm.getLatency().getSeconds() > 0);
        assertEquals(llmBefore + 1, metric("warden_judge_tier_latency_seconds_count", "tier=\"llm_judge\""));

        JudgeScoreResponse capped = judge().score(prompt("how do i bake bread").toBuilder()
                .setMaxTier(Tier.TIER_RULES).build());
        assertEquals(1, capped.getTierResultsCount(), "max_tier keeps the guard model out");
    }
}
