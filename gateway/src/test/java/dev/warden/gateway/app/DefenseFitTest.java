package dev.warden.gateway.app;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.defense.DefensePrompt;
import dev.warden.gateway.pipeline.TokenEstimator;
import org.junit.jupiter.api.Test;

class DefenseFitTest {

    private static final long DEFENSE = TokenEstimator.textTokens(DefensePrompt.fromResource().text());

    @Test
    void theDefaultDefensePromptDoesNotFitTheDemoModelsContextAndSaysWhatToDo() {
        String warning = DefenseFit.verdict("demo-aligned", DEFENSE, 96);
        assertTrue(warning != null && warning.contains("demo-aligned") && warning.contains("96")
                && warning.contains("defense_prompt off"), String.valueOf(warning));
    }

    @Test
    void aModelWithRoomSaysNothing() {
        assertNull(DefenseFit.verdict("llama", DEFENSE, 8192));
        assertNull(DefenseFit.verdict("unknown-context", DEFENSE, 0));
    }
}
