package dev.warden.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.gateway.rails.PerplexitySignal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuffixPerplexityRailTest {

    @Test
    void scoresTheLastUserMessageWhole() {
        List<Message> messages = List.of(Message.system("be brief"), Message.user("first question, long enough to count"),
                new Message("assistant", "an answer"), Message.user("  the second question, which is the one scored  "),
                new Message("tool", "tool output after it"));
        assertEquals("the second question, which is the one scored",
                SuffixPerplexityRail.scoredText(messages, 10, 100));
    }

    @Test
    void skipsShortOrMissingUserMessages() {
        assertNull(SuffixPerplexityRail.scoredText(List.of(Message.user("   short   ")), 10, 100));
        assertNull(SuffixPerplexityRail.scoredText(List.of(Message.system("a system prompt that is long")), 10, 100));
        assertNull(SuffixPerplexityRail.scoredText(List.of(), 10, 100));
    }

    @Test
    void longMessagesAreCutToTheirTailAtAWord() {
        String text = "word ".repeat(100) + "tail end";
        String scored = SuffixPerplexityRail.scoredText(List.of(Message.user(text)), 10, 42);
        assertTrue(text.endsWith(scored));
        assertTrue(scored.length() <= 42 && scored.length() >= 42 - 6, scored);
        assertTrue(scored.startsWith("word "), "starts at a word: " + scored);
        // no space near the cut: cut where it falls, never inside a surrogate pair
        String emoji = "\uD83D\uDE00".repeat(60);
        String cut = SuffixPerplexityRail.scoredText(List.of(Message.user(emoji)), 10, 41);
        assertTrue(!Character.isLowSurrogate(cut.charAt(0)) && emoji.endsWith(cut), cut);
    }

    @Test
    void settingsAreChecked() {
        PerplexitySignal.Thresholds ramps = PerplexitySignal.Thresholds.DEFAULT;
        assertThrows(IllegalArgumentException.class,
                () -> new SuffixPerplexityRail.Settings(true, 0, 10, 100, Duration.ofSeconds(1), ramps));
        assertThrows(IllegalArgumentException.class,
                () -> new SuffixPerplexityRail.Settings(true, 0.5, 200, 100, Duration.ofSeconds(1), ramps));
    }
}
