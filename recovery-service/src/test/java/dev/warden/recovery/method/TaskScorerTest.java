package dev.warden.recovery.method;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The task metrics on hand-computed answers. */
class TaskScorerTest {

    @Test
    void exactMatchTrimsWhitespaceOnly() {
        assertEquals(1, TaskScorer.score(TaskMetric.EXACT_MATCH, " 3 7 9 ", "3 7 9"));
        assertEquals(0, TaskScorer.score(TaskMetric.EXACT_MATCH, "3 7 9 .", "3 7 9"));
        assertEquals(0.5, TaskScorer.mean(TaskMetric.EXACT_MATCH, List.of("a", "b"), List.of("a", "c")));
    }

    @Test
    void rougeOneIsTheUnigramOverlapFMeasureWithClippedCounts() {
        // answer "the cat the cat" vs reference "the cat sat": overlap the, cat = 2; P = 2/4, R = 2/3
        double p = 0.5;
        double r = 2.0 / 3;
        assertEquals(2 * p * r / (p + r), TaskScorer.score(TaskMetric.ROUGE1, "the cat the cat", "the cat sat"), 1e-12);
        assertEquals(0, TaskScorer.score(TaskMetric.ROUGE1, "dog", "the cat sat"));
    }

    @Test
    void squadF1DropsCasePunctuationAndArticles() {
        // "The Cat, sat!" vs "a cat sat down": tokens [cat, sat] vs [cat, sat, down]: P = 1, R = 2/3
        assertEquals(0.8, TaskScorer.score(TaskMetric.F1, "The Cat, sat!", "a cat sat down"), 1e-12);
        assertEquals(1, TaskScorer.score(TaskMetric.F1, "the", "a")); // both empty after normalisation
    }
}
