package dev.warden.judge.tiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.guard.learned.GuardHead;
import dev.warden.guard.learned.GuardMetadata;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.OperatingPoint;
import dev.warden.judge.tiers.PromptGuard.BandEdge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard reading's escalation band starts at the model's escalation edge by default, at the strict point with
 * {@link BandEdge#STRICT}: with the shipped model, prompts whose any-harm probability lies between the two edges are
 * unsure with the first and sure safe with the second.
 */
class PromptGuardBandEdgeTest {

    private static final GuardModel GUARD = GuardModel.load();
    /** Ordinary creative prompts the shipped model puts between its escalation edge and its strict point. */
    private static final List<String> BETWEEN_EDGES = List.of(
            "Write a thriller scene where the detective finds the poisoned cup of tea.",
            "Write a war story about a sniper who refuses to shoot.");
    private static final String ORDINARY = "Explain how nuclear fission works in a power plant reactor.";

    private static float probability(String prompt) {
        return GUARD.score(prompt).probability(GuardHead.ANY_HARM);
    }

    @Test
    void theShippedPromptsLieBetweenTheEscalationEdgeAndTheStrictPoint() {
        GuardMetadata m = GUARD.metadata();
        float edge = m.escalationThreshold(GuardHead.ANY_HARM);
        float strict = m.threshold(GuardHead.ANY_HARM, OperatingPoint.STRICT);
        assertTrue(edge < strict);
        for (String prompt : BETWEEN_EDGES) {
            float p = probability(prompt);
            assertTrue(p >= edge && p < strict, prompt + ": " + p);
        }
        assertTrue(probability(ORDINARY) < edge);
    }

    @Test
    void betweenTheEdgesAPromptIsUnsureFromTheEscalationEdgeAndSureSafeFromStrict() {
        PromptGuard escalation = new PromptGuard(GUARD, OperatingPoint.DEFAULT, 0.8f, BandEdge.ESCALATION);
        PromptGuard strict = new PromptGuard(GUARD, OperatingPoint.DEFAULT, 0.8f, BandEdge.STRICT);
        for (String prompt : BETWEEN_EDGES) {
            PromptGuard.Reading e = escalation.read(prompt, 0.5f).orElseThrow();
            PromptGuard.Reading s = strict.read(prompt, 0.5f).orElseThrow();
            assertTrue(e.unsure(), prompt);
            assertFalse(s.unsure(), prompt);
            assertTrue(s.harm() < 0.5f, "below the default point: safe, " + s.harm());
            assertEquals(e.harm(), s.harm(), "the edge moves the band, not the score");
        }
        assertFalse(escalation.read(ORDINARY, 0.5f).orElseThrow().unsure());
        assertFalse(strict.read(ORDINARY, 0.5f).orElseThrow().unsure());
    }

    @Test
    void theEscalationEdgeIsTheDefaultEverywhere() {
        assertEquals(BandEdge.ESCALATION, new PromptGuard(GUARD, OperatingPoint.DEFAULT, 0.8f).edge());
        assertEquals(BandEdge.ESCALATION, PromptGuard.at("default", 0.8f).orElseThrow().edge());
        assertEquals(BandEdge.STRICT, PromptGuard.at("lenient", 0.8f, BandEdge.STRICT).orElseThrow().edge());
        assertEquals(BandEdge.ESCALATION.json(), PromptGuard.DEFAULT_BAND_EDGE);
    }

    @Test
    void aModelFileWithoutAnEscalationEdgeKeepsTheStrictBand(@TempDir Path dir) throws IOException {
        GuardMetadata written = GUARD.write(dir);
        Files.writeString(dir.resolve(GuardModel.METADATA), written.withEscalation(Optional.empty()).toJson());
        GuardModel old = GuardModel.load(dir);
        assertTrue(old.metadata().escalation().isEmpty());
        PromptGuard escalation = new PromptGuard(old, OperatingPoint.DEFAULT, 0.8f, BandEdge.ESCALATION);
        for (String prompt : BETWEEN_EDGES) {
            assertFalse(escalation.read(prompt, 0.5f).orElseThrow().unsure(), prompt);
        }
    }
}
