package dev.warden.inference.generate;

import dev.warden.inference.error.InvalidArgumentException;
import dev.warden.inference.metrics.InferenceMetrics.ModelMeters;
import dev.warden.inference.metrics.RequestOutcome;
import dev.warden.inference.model.ModelLease;
import dev.warden.inference.prompt.PromptEncoder;
import dev.warden.inference.score.TokenScore;
import dev.warden.inference.work.OffEventLoop;
import dev.warden.service.work.WorkerPool;
import dev.warden.model.checkpoint.LoadedModel;
import dev.warden.model.generate.FinishReason;
import dev.warden.model.generate.GenerationRequest;
import dev.warden.model.generate.GenerationResult;
import dev.warden.model.generate.Logprobs;
import dev.warden.model.generate.SamplingParams;
import dev.warden.model.tokenizer.TextTokenizer;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Generate call from arrival to end: the prompt is prepared on a worker (template, tokenizer, checks),
 * the job goes to the engine, the engine's events become deltas and one finish for the sink, and at the
 * end, whatever it is, the model lease is released and the metrics are updated exactly once.
 * {@link #cancel()} stops it at whatever stage it is.
 */
public final class Generation {

    private final GenerateCommand command;
    private final ModelLease lease;
    private final GenerationSink sink;
    private final ModelMeters meters;
    private final GenerationEngine engine;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile GenerationHandle handle;
    private volatile boolean started;
    private volatile int promptTokens;

    Generation(GenerateCommand command, ModelLease lease, GenerationSink sink, ModelMeters meters,
               GenerationEngine engine) {
        this.command = command;
        this.lease = lease;
        this.sink = sink;
        this.meters = meters;
        this.engine = engine;
    }

    /** Queues the preparation; a full queue is thrown at once, after cleaning up. */
    void begin(WorkerPool workers, SamplingParams requested) {
        meters.arrived();
        CompletableFuture<GenerationJob> prepared;
        try {
            prepared = workers.submit(() -> prepare(requested));
        } catch (RuntimeException e) {
            end(RequestOutcome.of(e), 0, -1);
            throw e;
        }
        prepared.whenComplete((ready, failure) -> {
            if (failure != null) {
                fail(failure);
            } else {
                submit(ready);
            }
        });
    }

    /**
     * Stops the generation at whatever stage it is; the sink hears nothing more. A preparation under way
     * is left to finish (milliseconds, and it holds the model's tokenizer), then nothing is submitted.
     * Harmless after the end.
     */
    public void cancel() {
        cancelled = true;
        GenerationHandle h = handle;
        if (h != null) {
            h.cancel();
        }
    }

    /** Renders and tokenizes the prompt and checks it fits; runs on a worker thread. */
    private GenerationJob prepare(SamplingParams requested) {
        OffEventLoop.check("prompt preparation");
        if (cancelled) {
            throw new CancellationException("cancelled before its prompt was prepared");
        }
        LoadedModel model = lease.loaded();
        long[] ids = PromptEncoder.encode(model, command.prompt(), "prompt");
        int context = model.config().maxPositionEmbeddings();
        if (ids.length == 0) {
            throw new InvalidArgumentException("prompt", "renders to no tokens; generation needs at least one");
        }
        if (ids.length >= context) {
            throw new InvalidArgumentException("prompt", ids.length + " tokens leave no room for a completion in "
                    + "the model's context of " + context + " tokens (at most " + (context - 1) + " prompt tokens)");
        }
        promptTokens = ids.length;
        Set<Long> stops = command.sampling().ignoreEos() ? new LinkedHashSet<>()
                : new LinkedHashSet<>(model.stopTokenIds());
        stops.addAll(requested.stopTokenIds());
        return new GenerationJob(lease.name(), model, new GenerationRequest(ids, requested.withStopTokenIds(stops)),
                command.arrivalNanos(), command.deadlineNanos());
    }

    private void submit(GenerationJob ready) {
        if (cancelled) {
            end(RequestOutcome.CANCELLED, 0, -1);
            return;
        }
        GenerationHandle h;
        try {
            h = engine.submit(ready, new Relay(ready));
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        handle = h;
        if (cancelled) {
            h.cancel();
        }
        h.completion().whenComplete((result, failure) -> {
            if (failure != null) {
                fail(failure);
            } else {
                end(RequestOutcome.of(result.finishReason()), result.completionTokens(),
                        System.nanoTime() - command.arrivalNanos());
            }
        });
    }

    private void fail(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cancelled && cause instanceof CancellationException) {
            end(RequestOutcome.CANCELLED, 0, -1);
            return;
        }
        if (end(RequestOutcome.of(cause), 0, -1)) {
            sink.onError(cause);
        }
    }

    /** Releases the lease and records the outcome, once; false when it had ended already. */
    private boolean end(RequestOutcome outcome, int generated, long totalNanos) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        meters.ended(started, outcome, promptTokens, generated, totalNanos);
        lease.close();
        return true;
    }

    /** Turns the engine's events into deltas, timings and the finish. */
    private final class Relay implements GenerationListener {

        private final GenerationJob job;
        private final TextTokenizer tokenizer;
        private long startNanos;
        private long firstTokenNanos;
        private long lastTokenNanos;
        private boolean anyToken;
        private OptionalLong stopTokenId = OptionalLong.empty();

        Relay(GenerationJob job) {
            this.job = job;
            this.tokenizer = job.model().tokenizer();
        }

        @Override
        public void onStart(long nanos) {
            startNanos = nanos;
            started = true;
            meters.started(nanos - command.arrivalNanos());
        }

        @Override
        public void onToken(long tokenId, String textDelta, Logprobs logprobs) {
            long now = System.nanoTime();
            if (!anyToken) {
                anyToken = true;
                firstTokenNanos = now;
                meters.firstToken(now - command.arrivalNanos());
            } else {
                meters.nextToken(now - lastTokenNanos);
            }
            lastTokenNanos = now;
            List<TokenScore> scores = logprobs == null ? List.of() : List.of(score(tokenId, logprobs));
            sink.onDelta(new GeneratedDelta(textDelta, List.of(tokenId), scores));
        }

        @Override
        public void onStopToken(long tokenId) {
            stopTokenId = OptionalLong.of(tokenId);
        }

        @Override
        public void onFinish(String textDelta, GenerationResult result) {
            if (!textDelta.isEmpty()) {
                sink.onDelta(new GeneratedDelta(textDelta, List.of(), List.of()));
            }
            long now = System.nanoTime();
            long arrival = command.arrivalNanos();
            sink.onFinish(new GenerationSummary(result.finishReason(), result.promptTokens(),
                    result.completionTokens(), matchedStop(result), stopTokenId, command.requestId(), lease.name(),
                    Duration.ofNanos(startNanos - arrival),
                    anyToken ? Duration.ofNanos(firstTokenNanos - arrival) : Duration.ZERO,
                    Duration.ofNanos(now - arrival)));
        }

        private TokenScore score(long tokenId, Logprobs logprobs) {
            List<TokenScore> top = logprobs.alternatives().stream()
                    .map(a -> new TokenScore(a.tokenId(), piece(a.tokenId()), a.logprob(), List.of()))
                    .toList();
            return new TokenScore(tokenId, piece(tokenId), logprobs.logprob(), top);
        }

        private String piece(long tokenId) {
            return tokenizer.decode(new long[] {tokenId}, false);
        }

        /**
         * The stop string that ended the generation: the one found where the text was cut in the decoded
         * tokens (which include the tokens that spelt it); empty when a stop token or no stop string ended it.
         */
        private String matchedStop(GenerationResult result) {
            List<String> stops = job.request().params().stopStrings();
            if (result.finishReason() != FinishReason.STOP || stopTokenId.isPresent() || stops.isEmpty()) {
                return "";
            }
            String full = tokenizer.decode(result.tokenIds(), true);
            int cut = result.text().length();
            for (String stop : stops) {
                if (full.startsWith(stop, cut)) {
                    return stop;
                }
            }
            return stops.stream().filter(s -> full.indexOf(s, Math.max(0, cut - s.length())) >= 0).findFirst()
                    .orElse("");
        }
    }
}
