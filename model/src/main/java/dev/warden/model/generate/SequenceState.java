package dev.warden.model.generate;

import dev.warden.model.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * One sequence's progress through generation: its sampler, generated tokens, streamed text and, once it
 * is over, its result. The decode loops ({@link Generator}, the serving scheduler) feed it rows of logits;
 * it owns the per-sequence rules: sampling with the sequence's own seed, stop ids, stop strings (text held
 * back while it may become one), the token budget, and incremental detokenisation. Not thread-safe.
 */
public final class SequenceState {

    private final int index;
    private final GenerationRequest request;
    private final Sampler sampler;
    private final int budget;
    private final IncrementalDetokenizer detokenizer;
    private final StopStringFilter filter;
    private final List<Logprobs> logprobs = new ArrayList<>();
    private int sampled;
    private long lastToken;
    private GenerationResult result;

    /**
     * Starts a sequence; validate the prompt first with {@link #checkPrompt}.
     *
     * @param index  the sequence's index, passed to the listener and named in errors
     * @param budget most tokens this sequence may sample: its max new tokens, or fewer when the model's
     *               context would overflow (see {@link #contextBudget})
     */
    public SequenceState(int index, GenerationRequest request, int budget, Detokenizer detokenizer) {
        if (budget <= 0) {
            throw new IllegalArgumentException("budget must be > 0, got " + budget);
        }
        this.index = index;
        this.request = request;
        this.sampler = new Sampler(request.params());
        this.budget = budget;
        this.detokenizer = new IncrementalDetokenizer(detokenizer);
        this.filter = new StopStringFilter(request.params().stopStrings());
    }

    /**
     * Rejects a prompt the model cannot run.
     *
     * @param index the sequence's index, named in the exception
     * @throws InvalidPromptException when the prompt is empty or holds a token id outside the vocabulary
     * @throws PromptTooLongException when the prompt leaves no room in the model's context for a new token
     */
    public static void checkPrompt(int index, GenerationRequest request, ModelConfig config) {
        int vocab = config.vocabSize();
        int context = config.maxPositionEmbeddings();
        int length = request.promptLength();
        if (length == 0) {
            throw new InvalidPromptException(index, "is empty; generation needs at least one token");
        }
        if (length >= context) {
            throw new PromptTooLongException(index, length, context);
        }
        for (int j = 0; j < length; j++) {
            long id = request.promptId(j);
            if (id < 0 || id >= vocab) {
                throw new InvalidPromptException(index, "token " + j + " is id " + id + ", outside the vocabulary of "
                        + vocab);
            }
        }
    }

    /**
     * Most tokens a sequence may sample in the model's context: its max new tokens, bounded by the room the
     * prompt leaves (the last sampled token takes the last position).
     */
    public static int contextBudget(GenerationRequest request, ModelConfig config) {
        return Math.min(request.params().maxNewTokens(), config.maxPositionEmbeddings() - request.promptLength());
    }

    /** The request this sequence answers. */
    public GenerationRequest request() {
        return request;
    }

    /** Whether the sequence is over. */
    public boolean finished() {
        return result != null;
    }

    /** The result; null until {@link #finished()}. */
    public GenerationResult result() {
        return result;
    }

    /** Tokens sampled so far, counting a stop token that ended the sequence. */
    public int sampled() {
        return sampled;
    }

    /** The token to feed next: the last one sampled. */
    public long lastToken() {
        return lastToken;
    }

    /** The rotary position of {@link #lastToken()}: counted from the prompt's first token. */
    public long lastPosition() {
        return request.promptLength() + sampled - 1L;
    }

    /**
     * Samples the next token from this sequence's row of logits, streams it to the listener and finishes
     * the sequence on a stop token id, a stop string, its budget, or the listener's cancellation.
     *
     * @param logits a [B, V] block read back row-major; this sequence's row starts at {@code offset}
     * @throws IllegalStateException when the sequence is already finished
     */
    public void advance(float[] logits, int offset, int vocab, TokenListener listener) {
        if (finished()) {
            throw new IllegalStateException("sequence " + index + " is already finished");
        }
        accept(sampler.sample(logits, offset, vocab), listener);
    }

    /**
     * Whether choosing this sequence's next token needs its row of logits on the host: sampling, or greedy
     * with log-probabilities. A greedy sequence without them takes the device's argmax ({@link #advance(long,
     * TokenListener)}).
     */
    public boolean needsLogits() {
        return !sampler.params().isGreedy() || sampler.params().logprobs();
    }

    /**
     * Takes {@code token}, the argmax of this sequence's row of logits computed on the device (the lowest id
     * wins a tie, as {@link Sampler} does), and goes on as {@link #advance(float[], int, int, TokenListener)}.
     *
     * @throws IllegalStateException when the sequence is finished or {@link #needsLogits()}
     */
    public void advance(long token, TokenListener listener) {
        if (finished()) {
            throw new IllegalStateException("sequence " + index + " is already finished");
        }
        if (needsLogits()) {
            throw new IllegalStateException("sequence " + index + " samples or reports logprobs: it needs its logits");
        }
        accept(new Sample(token, null), listener);
    }

    private void accept(Sample sample, TokenListener listener) {
        long token = sample.tokenId();
        sampled++;
        lastToken = token;
        if (request.params().stopTokenIds().contains(token)) {
            listener.onStopToken(index, token);
            finish(FinishReason.STOP, listener);
            return;
        }
        if (sample.logprobs() != null) {
            logprobs.add(sample.logprobs());
        }
        String delta = filter.append(detokenizer.add(token));
        boolean goOn = listener.onToken(index, token, delta, sample.logprobs());
        if (filter.stopped()) {
            finish(FinishReason.STOP, listener);
        } else if (!goOn) {
            finish(FinishReason.CANCELLED, listener);
        } else if (sampled >= budget) {
            finish(FinishReason.LENGTH, listener);
        }
    }

    /**
     * Ends the sequence early ({@code reason} is normally {@link FinishReason#CANCELLED}): releases the text
     * held back, unless a stop string completes in it, and reports the result to {@code listener}.
     * Does nothing when the sequence is already finished.
     */
    public void finish(FinishReason reason, TokenListener listener) {
        if (finished()) {
            return;
        }
        String tail = "";
        if (!filter.stopped()) {
            tail = filter.append(detokenizer.flush());
            if (filter.stopped()) {
                reason = FinishReason.STOP; // the flushed text completed a stop string
            }
            tail += filter.finish();
        }
        result = new GenerationResult(detokenizer.ids(), filter.text(), reason, request.promptLength(), sampled,
                logprobs);
        listener.onFinish(index, tail, result);
    }
}
