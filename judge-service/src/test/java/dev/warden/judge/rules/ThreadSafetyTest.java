package dev.warden.judge.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One scorer shared by several threads gives each thread the same results as a single thread. */
class ThreadSafetyTest {

    @Test
    void sharedScorerGivesTheSameResultsOnEveryThread() throws Exception {
        RuleScorer scorer = RuleScorer.load();
        List<String> texts = RulesBenchmark.texts(48, 2048, 3);
        List<RuleResult> expected = texts.stream().map(scorer::score).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<RuleResult>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> texts.stream().map(scorer::score).toList()));
            }
            for (Future<List<RuleResult>> f : futures) {
                assertEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
