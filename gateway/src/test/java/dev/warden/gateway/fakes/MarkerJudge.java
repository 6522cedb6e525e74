package dev.warden.gateway.fakes;

import dev.warden.proto.v1.CategoryScore;
import dev.warden.proto.v1.ChatMessage;
import dev.warden.proto.v1.HazardCategory;
import dev.warden.proto.v1.JudgeGrpc;
import dev.warden.proto.v1.JudgeScoreRequest;
import dev.warden.proto.v1.JudgeScoreResponse;
import dev.warden.proto.v1.ScoreBatchRequest;
import dev.warden.proto.v1.ScoreBatchResponse;
import dev.warden.proto.v1.Tier;
import dev.warden.proto.v1.Verdict;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in for judge-service's Score and ScoreBatch, for tests and the benchmark. It judges the
 * response when one is given, else the prompt: text holding {@code [HARMFUL]} (or {@code [HARMFUL:S<k>]}) is
 * unsafe at 0.97 in S1 (or S<k>), {@code [BORDERLINE]} scores 0.4 in S6, anything else is safe at 0.02. A
 * prompt holding {@code [JUDGE-UNAVAILABLE]} makes it fail with UNAVAILABLE; {@code [JUDGE-BARRIER:N]} makes
 * it hold such calls until N of them wait (then answer all; UNAVAILABLE after 10 s); {@code [RENDEZVOUS:key]}
 * makes it hold a call about the prompt alone until inference Score has a call for the same key
 * ({@link Rendezvous}). Counts calls.
 */
public final class MarkerJudge extends JudgeGrpc.JudgeImplBase {

    private static final float UNSAFE = 0.97f;
    private static final float SAFE = 0.02f;
    private static final float BORDERLINE = 0.4f;
    private static final float THRESHOLD = 0.5f;

    private final ScheduledExecutorService timer;
    private final Rendezvous rendezvous;
    private final AtomicInteger promptCalls = new AtomicInteger();
    private final AtomicInteger responseCalls = new AtomicInteger();
    private final List<Runnable> waiting = new ArrayList<>();

    /** A fake whose barrier timeouts run on {@code timer}, meeting inference Score at {@code rendezvous}. */
    public MarkerJudge(ScheduledExecutorService timer, Rendezvous rendezvous) {
        this.timer = timer;
        this.rendezvous = rendezvous;
    }

    /** Score calls about a prompt alone. */
    public int promptCalls() {
        return promptCalls.get();
    }

    /** Score calls about a response (output windows). */
    public int responseCalls() {
        return responseCalls.get();
    }

    @Override
    public void score(JudgeScoreRequest request, StreamObserver<JudgeScoreResponse> observer) {
        String prompt = promptText(request);
        if (prompt.contains("[JUDGE-UNAVAILABLE]")) {
            observer.onError(Status.UNAVAILABLE.withDescription("scripted: judge unavailable").asRuntimeException());
            return;
        }
        (request.getResponse().isEmpty() ? promptCalls : responseCalls).incrementAndGet();
        JudgeScoreResponse response = judge(request);
        String meeting = request.getResponse().isEmpty() ? Script.rendezvous(prompt) : null;
        if (meeting != null) {
            rendezvous.meet(meeting, () -> {
                observer.onNext(response);
                observer.onCompleted();
            }, () -> observer.onError(Status.UNAVAILABLE.withDescription("no Score call met this judge call")
                    .asRuntimeException()));
            return;
        }
        OptionalInt barrier = Script.barrier(prompt);
        if (barrier.isEmpty()) {
            observer.onNext(response);
            observer.onCompleted();
            return;
        }
        hold(barrier.getAsInt(), () -> {
            observer.onNext(response);
            observer.onCompleted();
        }, () -> observer.onError(Status.UNAVAILABLE.withDescription("barrier not reached").asRuntimeException()));
    }

    @Override
    public void scoreBatch(ScoreBatchRequest request, StreamObserver<ScoreBatchResponse> observer) {
        ScoreBatchResponse.Builder batch = ScoreBatchResponse.newBuilder();
        for (JudgeScoreRequest item : request.getItemsList()) {
            if (promptText(item).contains("[JUDGE-UNAVAILABLE]")) {
                observer.onError(Status.UNAVAILABLE.withDescription("scripted: judge unavailable").asRuntimeException());
                return;
            }
            promptCalls.incrementAndGet();
            batch.addResults(judge(item));
        }
        observer.onNext(batch.build());
        observer.onCompleted();
    }

    /** Answers every held call once {@code n} are held; fails them all after 10 s otherwise. */
    private void hold(int n, Runnable answer, Runnable fail) {
        List<Runnable> release = null;
        synchronized (waiting) {
            waiting.add(answer);
            if (waiting.size() >= n) {
                release = new ArrayList<>(waiting);
                waiting.clear();
            }
        }
        if (release != null) {
            release.forEach(Runnable::run);
            return;
        }
        timer.schedule(() -> {
            boolean mine;
            synchronized (waiting) {
                mine = waiting.remove(answer);
            }
            if (mine) {
                fail.run();
            }
        }, 10, TimeUnit.SECONDS);
    }

    /** The judgement of a request's response, or of its prompt when there is no response. */
    static JudgeScoreResponse judge(JudgeScoreRequest request) {
        String text = request.getResponse().isEmpty() ? promptText(request) : request.getResponse();
        OptionalInt harmful = Script.harmfulCategory(text);
        int category = harmful.orElse(text.contains("[BORDERLINE]") ? 6 : 0);
        float score = harmful.isPresent() ? UNSAFE : category == 6 ? BORDERLINE : SAFE;
        JudgeScoreResponse.Builder response = JudgeScoreResponse.newBuilder()
                .setVerdict(score >= THRESHOLD ? Verdict.VERDICT_UNSAFE : Verdict.VERDICT_SAFE).setScore(score)
                .setDecidedBy(Tier.TIER_RULES).setConfidence(1f).setRequestId(request.getRequestId());
        for (int k = 1; k <= 14; k++) {
            float s = k == category ? score : SAFE;
            response.addCategoryScores(CategoryScore.newBuilder().setCategory(HazardCategory.forNumber(k)).setScore(s)
                    .setFlagged(s >= THRESHOLD));
        }
        return response.build();
    }

    private static String promptText(JudgeScoreRequest request) {
        if (request.getPrompt().hasChat()) {
            StringBuilder text = new StringBuilder();
            for (ChatMessage m : request.getPrompt().getChat().getMessagesList()) {
                text.append(m.getContent()).append('\n');
            }
            return text.toString();
        }
        return request.getPrompt().getText();
    }
}
