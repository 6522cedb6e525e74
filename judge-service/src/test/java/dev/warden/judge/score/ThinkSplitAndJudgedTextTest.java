package dev.warden.judge.score;

import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reasoning blocks split off responses, and spans located back in the submitted texts. */
class ThinkSplitAndJudgedTextTest {

    @Test
    void aThinkBlockIsSplitOffTheAnswer() {
        ThinkSplit s = ThinkSplit.of("  <think>plan [STEP]</think>Sure, here it is.");
        assertEquals("plan [STEP]", s.trace());
        assertEquals("Sure, here it is.", s.answer());
        assertEquals(9, s.traceStart());
        assertEquals(28, s.answerStart());
    }

    @Test
    void aBlockOpenedInThePromptOrStillOpenIsHandled() {
        ThinkSplit closedOnly = ThinkSplit.of("reasoning here</think> answer");
        assertEquals("reasoning here", closedOnly.trace());
        assertEquals(" answer", closedOnly.answer());
        ThinkSplit open = ThinkSplit.of("<think>still thinking");
        assertEquals("still thinking", open.trace());
        assertEquals("", open.answer());
        ThinkSplit none = ThinkSplit.of("plain answer");
        assertFalse(none.hasTrace());
        assertEquals("plain answer", none.answer());
        assertTrue(open.hasTrace());
    }

    @Test
    void spansAreLocatedInTheMessageTheyCameFromInCodePoints() {
        JudgedText t = JudgedText.builder()
                .add(Span.Source.PROMPT, 0, "h\uD83D\uDE00llo")   // 5 code points, 6 chars
                .add(Span.Source.PROMPT, 2, "bad word here")
                .build();
        assertEquals("h\uD83D\uDE00llo\n\nbad word here", t.text());
        Span s = t.locate(7, 15, "lexicon").orElseThrow();  // "bad word"
        assertEquals(2, s.messageIndex());
        assertEquals(0, s.start());
        assertEquals(8, s.end());
        assertEquals("bad word", s.text());
        Span emoji = t.locate(1, 2, "x").orElseThrow();
        assertEquals("\uD83D\uDE00", emoji.text());
        assertEquals(Optional.empty(), t.locate(5, 6, "separator"));
    }

    @Test
    void anAnswerAfterASplitBlockCountsFromTheStartOfTheResponse() {
        JudgedText t = JudgedText.builder().add(Span.Source.RESPONSE, 0, "abc def", 20).build();
        Span s = t.locate(4, 7, "r").orElseThrow();
        assertEquals(24, s.start());
        assertEquals(27, s.end());
        assertEquals("def", s.text());
    }
}
