package dev.warden.model.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * One sequence's progress through generation: its sampler, generated tokens, streamed text and, once it
 * is over, its result.
 */
final class SequenceState {

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
     * @param budget most tokens this sequence may sample: its max new tokens, or fewer when the model's
     *               context would overflow
     */
    SequenceState(int index, GenerationRequest request, int budget, Detokenizer detokenizer) {
        this.index = index;
        this.request = request;
        this.sampler = new Sampler(request.params());
        this.budget = budget;
        this.detokenizer = new IncrementalDetokenizer(detokenizer);
        this.filter = new StopStringFilter(request.params().stopStrings());
    }

    /** Whether the sequence is over. */
    boolean finished() {
        return result != null;
    }

    /** The result; null until {@link #finished()}. */
    GenerationResult result() {
        return result;
    }

    /** The token to feed next: the last one sampled. */
    long lastToken() {
        return lastToken;
    }

    /** The rotary position of {@link #lastToken()}: counted from the prompt's first token. */
    long lastPosition() {
        return request.promptLength() + sampled - 1L;
    }

    /**
     * Samples the next token from this sequence's row of logits, streams it to the listener and finishes
     * the sequence on a stop token id, a stop string, its budget, or the listener's cancellation.
     */
    void advance(float[] logits, int offset, int vocab, TokenListener listener) {
        Sample sample = sampler.sample(logits, offset, vocab);
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

    private void finish(FinishReason reason, TokenListener listener) {
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
