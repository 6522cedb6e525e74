package dev.warden.model.serve;

import dev.warden.model.generate.FinishReason;
import dev.warden.model.generate.GenerationRequest;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.Logprobs;
import dev.warden.model.generate.SequenceState;
import dev.warden.model.generate.TokenListener;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One submitted request inside the scheduler. Apart from {@link #cancelRequested} and the future, its
 * state belongs to the worker thread. As the {@link TokenListener} of its {@link SequenceState} it
 * forwards tokens to the caller's {@link StreamListener}, turning a listener exception into a
 * cancellation and a cancel request into a stop at the next token.
 */
final class Job implements TokenListener {

    final long id;
    final GenerationRequest request;
    final Instant deadline;
    final long submittedNanos = System.nanoTime();
    final CompletableFuture<GenerationResult> future = new CompletableFuture<>();
    volatile boolean cancelRequested;

    private final StreamListener listener;
    private final SequenceState state;
    private long lastSampleNanos;
    private boolean silent; // stop forwarding to the listener
    private Throwable listenerFailure;
    private SchedulerException failure;

    Job(long id, GenerationRequest request, Instant deadline, StreamListener listener, SequenceState state) {
        this.id = id;
        this.request = request;
        this.deadline = deadline;
        this.listener = listener;
        this.state = state;
    }

    /** The sequence's decoding state. */
    SequenceState state() {
        return state;
    }

    /** Whether the request has nothing more to decode (its sequence is finished or it failed). */
    boolean over() {
        return state.finished() || failure != null;
    }

    /** Whether the deadline has passed at {@code now}. */
    boolean expired(Instant now) {
        return deadline != null && !now.isBefore(deadline);
    }

    /** Samples this sequence's next token from its row of {@code logits} and records its timing. */
    void advance(float[] logits, int offset, int vocab, SchedulerMetrics metrics) {
        state.advance(logits, offset, vocab, this);
        sampled(metrics);
    }

    /** Takes {@code token}, the device's argmax of this greedy sequence's logits, and records its timing. */
    void advance(long token, SchedulerMetrics metrics) {
        state.advance(token, this);
        sampled(metrics);
    }

    private void sampled(SchedulerMetrics metrics) {
        long now = System.nanoTime();
        if (state.sampled() == 1) {
            metrics.firstToken(Duration.ofNanos(now - submittedNanos));
        } else {
            metrics.interTokenGap(Duration.ofNanos(now - lastSampleNanos));
        }
        lastSampleNanos = now;
    }

    /**
     * Ends a request the caller cancelled (normal result, reason CANCELLED; no tokens when it was still
     * queued), reporting it to the listener.
     */
    void cancel() {
        state.finish(FinishReason.CANCELLED, this);
    }

    /** Ends a request past its deadline (queued or running): the partial result goes into the exception. */
    void expire() {
        silent = true;
        state.finish(FinishReason.CANCELLED, this);
        failure = new DeadlineExceededException(id, state.result());
    }

    /** Ends the request with {@code cause}, whatever its state. */
    void fail(SchedulerException cause) {
        silent = true;
        failure = cause;
    }

    /** How the request ended; call once it is over. */
    RequestOutcome outcome() {
        if (failure == null && listenerFailure != null) {
            failure = new ListenerFailedException(id, listenerFailure);
        }
        if (failure != null) {
            return failure instanceof DeadlineExceededException ? RequestOutcome.DEADLINE
                    : failure instanceof SchedulerClosedException ? RequestOutcome.CLOSED : RequestOutcome.FAILED;
        }
        return switch (state.result().finishReason()) {
            case STOP -> RequestOutcome.STOP;
            case LENGTH -> RequestOutcome.LENGTH;
            case CANCELLED -> RequestOutcome.CANCELLED;
        };
    }

    /**
     * Completes the caller's stage: with the result when the sequence finished normally, else with the
     * exception that ended it. Call after {@link #outcome()}.
     */
    void complete() {
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(state.result());
        }
    }

    /** Tokens sampled so far. */
    int completionTokens() {
        return state.sampled();
    }

    /** The request got a batch slot; tells the listener (a listener failure cancels the request). */
    void started() {
        try {
            listener.onStart();
        } catch (RuntimeException | AssertionError | LinkageError e) {
            listenerFailure = e;
            silent = true;
            cancelRequested = true;
        }
    }

    @Override
    public void onStopToken(int sequence, long tokenId) {
        if (silent) {
            return;
        }
        try {
            listener.onStopToken(tokenId);
        } catch (RuntimeException | AssertionError | LinkageError e) {
            listenerFailure = e;
            silent = true;
        }
    }

    @Override
    public boolean onToken(int sequence, long tokenId, String textDelta, Logprobs logprobs) {
        if (silent) {
            return !cancelRequested;
        }
        try {
            // A token sampled after a cancel request is still streamed: the deltas must add up to the result.
            return listener.onToken(tokenId, textDelta, logprobs) && !cancelRequested;
        } catch (RuntimeException | AssertionError | LinkageError e) {
            listenerFailure = e;
            silent = true;
            return false;
        }
    }

    @Override
    public void onFinish(int sequence, String textDelta, GenerationResult result) {
        if (silent) {
            return;
        }
        try {
            listener.onFinish(textDelta, result);
        } catch (RuntimeException | AssertionError | LinkageError e) {
            listenerFailure = e;
            silent = true;
        }
    }
}
