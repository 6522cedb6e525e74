package dev.warden.judge.score;

import dev.warden.judge.metrics.JudgeMetrics;
import dev.warden.judge.work.JudgeWorkers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Score and ScoreBatch in domain terms: each judgement starts on a judge worker (tiers 1 and 2 compute
 * there, never on the event loop; the LLM judge's calls are asynchronous) and is recorded in the metrics.
 */
public final class ScoreService {

    private final Judge judge;
    private final JudgeWorkers workers;
    private final JudgeMetrics metrics;

    /** The service over {@code judge}. */
    public ScoreService(Judge judge, JudgeWorkers workers, JudgeMetrics metrics) {
        this.judge = Objects.requireNonNull(judge, "judge");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Judges one request.
     *
     * @throws dev.warden.judge.error.OverloadedException when the workers' queue is full
     */
    public CompletionStage<Judgement> score(JudgeRequest request) {
        return workers.submit(() -> judge.judge(request)).thenCompose(s -> s).thenApply(j -> {
            metrics.record(j);
            return j;
        });
    }

    /** Judges every request; the results in request order. */
    public CompletionStage<List<Judgement>> scoreBatch(List<JudgeRequest> requests) {
        List<CompletableFuture<Judgement>> all = new ArrayList<>(requests.size());
        for (JudgeRequest r : requests) {
            all.add(score(r).toCompletableFuture());
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(v -> all.stream().map(CompletableFuture::join).toList());
    }
}
