package dev.warden.judge.score;

import dev.warden.service.work.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Score and ScoreBatch in domain terms: each judgement starts on a judge worker (tiers 1 and 2 compute
 * there, never on the event loop; the LLM judge's calls are asynchronous) and is handed to a listener (the
 * metrics; this package knows nothing of them).
 */
public final class ScoreService {

    private final Judge judge;
    private final WorkerPool workers;
    private final Consumer<Judgement> judged;

    /** The service over {@code judge}; {@code judged} sees every judgement once, on the thread that made it. */
    public ScoreService(Judge judge, WorkerPool workers, Consumer<Judgement> judged) {
        this.judge = Objects.requireNonNull(judge, "judge");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.judged = Objects.requireNonNull(judged, "judged");
    }

    /**
     * Judges one request.
     *
     * @throws dev.warden.service.work.QueueFullException when the workers' queue is full
     */
    public CompletionStage<Judgement> score(JudgeRequest request) {
        return workers.submit(() -> judge.judge(request)).thenCompose(s -> s).thenApply(j -> {
            judged.accept(j);
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
