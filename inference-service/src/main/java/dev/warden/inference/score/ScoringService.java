package dev.warden.inference.score;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.warden.inference.error.InvalidArgumentException;
import dev.warden.inference.model.ModelLease;
import dev.warden.inference.model.ModelManager;
import dev.warden.inference.prompt.PromptEncoder;
import dev.warden.inference.work.OffEventLoop;
import dev.warden.service.work.WorkerPool;
import dev.warden.model.checkpoint.LoadedModel;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.LlamaModel;
import dev.warden.model.tokenizer.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Score: the log-probability of every token of a text under the model, given an optional context, in one
 * forward pass on a worker thread. Token {@code i} is scored by the model's distribution at position
 * {@code i - 1}; the log-softmax, the pick of each actual token and the top-k alternatives are computed on
 * the model's device, so only [N] (and [N, K]) numbers are read back, never the [T, V] logits.
 *
 * <p>Legend: T tokens (context + text), V vocabulary, N scored tokens, K alternatives per token.
 */
public final class ScoringService {

    /** Most alternatives per token a request may ask for. */
    public static final int MAX_TOP_LOGPROBS = 20;

    private final ModelManager models;
    private final WorkerPool workers;

    /** Scores with the current model of {@code models} on {@code workers}. */
    public ScoringService(ModelManager models, WorkerPool workers) {
        this.models = Objects.requireNonNull(models, "models");
        this.workers = Objects.requireNonNull(workers, "workers");
    }

    /**
     * Scores {@code command}'s text.
     *
     * @return completes on a worker thread; cancel it to drop the work if it has not started
     * @throws InvalidArgumentException for an empty text or top_logprobs out of range
     */
    public CompletableFuture<ScoreResult> score(ScoreCommand command) {
        if (command.text().isEmpty()) {
            throw new InvalidArgumentException("text", "must be non-empty");
        }
        if (command.topLogprobs() < 0 || command.topLogprobs() > MAX_TOP_LOGPROBS) {
            throw new InvalidArgumentException("top_logprobs", "must be in [0, " + MAX_TOP_LOGPROBS + "], got "
                    + command.topLogprobs());
        }
        ModelLease lease = models.acquire(command.model());
        return workers.submit(() -> compute(lease, command), lease::close);
    }

    private static ScoreResult compute(ModelLease lease, ScoreCommand command) {
        OffEventLoop.check("scoring");
        LoadedModel loaded = lease.loaded();
        TextTokenizer tokenizer = loaded.tokenizer();
        long[] text = tokenizer.encode(command.text());
        if (text.length == 0) {
            throw new InvalidArgumentException("text", "tokenizes to no tokens");
        }
        long[] context = command.context().map(c -> PromptEncoder.encode(loaded, c, "context"))
                .orElseGet(() -> PromptEncoder.contextFree(tokenizer));
        long[] ids = concat(context, text);
        int limit = loaded.config().maxPositionEmbeddings();
        if (ids.length > limit) {
            throw new InvalidArgumentException("text", "context and text are " + ids.length
                    + " tokens; the model's context holds " + limit);
        }
        int first = Math.max(context.length, 1); // a first token with nothing before it cannot be scored
        int scored = ids.length - first;
        if (scored == 0) {
            throw new InvalidArgumentException("text", "a single token with no context and no BOS before it (the tokenizer adds none) "
                    + "cannot be scored; give a context or a longer text");
        }
        Scores s = forward(loaded.model(), ids, first, command.topLogprobs());
        List<TokenScore> tokens = new ArrayList<>(scored);
        double total = 0;
        for (int i = 0; i < scored; i++) {
            long id = ids[first + i];
            List<TokenScore> top = new ArrayList<>(s.k());
            for (int j = 0; j < s.k(); j++) {
                long alt = s.topIds()[i * s.k() + j];
                top.add(new TokenScore(alt, piece(tokenizer, alt), s.topLogprobs()[i * s.k() + j], List.of()));
            }
            tokens.add(new TokenScore(id, piece(tokenizer, id), s.chosen()[i], top));
            total += s.chosen()[i];
        }
        return new ScoreResult(lease.name(), tokens, total, Math.exp(-total / scored), context.length);
    }

    /** Log-probs of tokens {@code first..T-1} and their top-k alternatives, in one forward pass. */
    private static Scores forward(LlamaModel model, long[] ids, int first, int k) {
        int t = ids.length;
        int n = t - first;
        try (NDManager m = model.newManager()) {
            NDArray tokens = m.create(ids, new Shape(1, t)); // [1, T]
            NDArray positions = m.arange(0, t, 1, DataType.INT64).reshape(1, t); // [1, T]
            try (ForwardOutput out = model.forward(tokens, positions, null, null, ForwardOptions.allLogits())) {
                NDArray logp = out.logits().get(0).logSoftmax(-1); // [T, V]
                NDArray predictors = logp.get(new NDIndex("{}:{}", first - 1, t - 1)); // [N, V]
                NDArray targets = m.create(Arrays.copyOfRange(ids, first, t), new Shape(n, 1)); // [N, 1]
                float[] chosen = predictors.gather(targets, 1).toFloatArray(); // [N, 1]
                if (k == 0) {
                    return new Scores(chosen, new long[0], new float[0], 0);
                }
                int kk = Math.min(k, Math.toIntExact(predictors.getShape().get(1)));
                NDList top = predictors.topK(kk, -1, true, true); // values [N, K], indices [N, K]
                return new Scores(chosen, top.get(1).toType(DataType.INT64, false).toLongArray(),
                        top.get(0).toFloatArray(), kk);
            }
        }
    }

    private static String piece(TextTokenizer tokenizer, long id) {
        return tokenizer.decode(new long[] {id}, false);
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Scores read back from the device: chosen [N], top ids and log-probs [N, K] row-major. */
    private record Scores(float[] chosen, long[] topIds, float[] topLogprobs, int k) {
    }
}
