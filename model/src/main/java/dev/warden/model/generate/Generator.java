package dev.warden.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.warden.model.llama.ForwardOptions;
import dev.warden.model.llama.ForwardOutput;
import dev.warden.model.llama.KvCache;
import dev.warden.model.llama.LlamaModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Generates text for several prompts together. The prompts are left-padded to one batch and prefilled
 * in a single forward pass; then every step feeds each sequence's last token in one forward pass over
 * the whole batch, with a KV cache sized for the longest prompt plus the most new tokens any sequence
 * may take. Each sequence keeps its own positions (counted from its first real token), its own sampler and
 * its own stops.
 *
 * <p>A sequence that finishes early keeps its row in the batch, fed a padding token marked invalid, until
 * the whole batch is done: rows are never dropped, so the cache is never copied (the cost is the finished
 * rows' share of each step's compute; {@code dev.warden.model.serve.BatchScheduler} frees them and lets new
 * requests join between steps instead). The loop ends as soon as every sequence is finished.
 *
 * <p>Legend: B batch (sequences), L longest prompt, V vocabulary. Each forward pass's inputs and outputs
 * live in a manager closed when the step ends, so native memory stays flat over a long generation. When every
 * sequence is greedy without logprobs the argmax runs on the device and B token ids come back; otherwise the
 * logits [B, 1, V] are read back with one call for the samplers.
 */
public final class Generator {

    private static final long PAD_TOKEN = 0;

    private final LlamaModel model;
    private final Detokenizer detokenizer;

    /** Generates with {@code model}, turning tokens into text with {@code detokenizer}. */
    public Generator(LlamaModel model, Detokenizer detokenizer) {
        this.model = Objects.requireNonNull(model, "model");
        this.detokenizer = Objects.requireNonNull(detokenizer, "detokenizer");
    }

    /** Generates one sequence. */
    public GenerationResult generate(long[] promptIds, SamplingParams params) {
        return generate(List.of(new GenerationRequest(promptIds, params)), TokenListener.NONE).get(0);
    }

    /** Generates several sequences together, without streaming. */
    public List<GenerationResult> generate(List<GenerationRequest> requests) {
        return generate(requests, TokenListener.NONE);
    }

    /**
     * Generates several sequences together, streaming every token to {@code listener}.
     *
     * @return one result per request, in request order
     * @throws InvalidPromptException  when a prompt is empty or holds a token id outside the vocabulary
     * @throws PromptTooLongException  when a prompt leaves no room in the model's context for a new token
     */
    public List<GenerationResult> generate(List<GenerationRequest> requests, TokenListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (requests.isEmpty()) {
            return List.of();
        }
        List<SequenceState> states = start(requests);
        int batch = states.size();
        int longest = requests.stream().mapToInt(GenerationRequest::promptLength).max().orElseThrow();
        int steps = maxSteps(requests);
        // Slots: the padded prompts, then one per fed token; the last sampled token is never fed.
        int capacity = longest + steps - 1;
        try (NDManager manager = model.newManager();
             KvCache cache = KvCache.allocate(model.config(), batch, capacity, model.dtype(), manager)) {
            boolean onDevice = states.stream().noneMatch(SequenceState::needsLogits);
            step(manager, cache, prefill(requests, longest), states, onDevice, listener);
            while (!allFinished(states)) {
                step(manager, cache, decodeStep(states), states, onDevice, listener);
            }
        }
        List<GenerationResult> results = new ArrayList<>(batch);
        states.forEach(s -> results.add(s.result()));
        return results;
    }

    /** Validates the prompts and sets up one state per sequence. */
    private List<SequenceState> start(List<GenerationRequest> requests) {
        List<SequenceState> states = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            GenerationRequest request = requests.get(i);
            SequenceState.checkPrompt(i, request, model.config());
            states.add(new SequenceState(i, request, budget(request), detokenizer));
        }
        return states;
    }

    /** Most tokens a sequence may sample: its max new tokens, bounded by the room left in the context. */
    private int budget(GenerationRequest request) {
        return SequenceState.contextBudget(request, model.config());
    }

    private int maxSteps(List<GenerationRequest> requests) {
        return requests.stream().mapToInt(this::budget).max().orElseThrow();
    }

    /** The prompts left-padded to [B, L]: padding has position 0 and validity 0. */
    private static Batch prefill(List<GenerationRequest> requests, int longest) {
        int batch = requests.size();
        long[] tokens = new long[batch * longest];
        long[] positions = new long[batch * longest];
        float[] validity = new float[batch * longest];
        for (int i = 0; i < batch; i++) {
            GenerationRequest request = requests.get(i);
            int pad = longest - request.promptLength();
            for (int j = pad; j < longest; j++) {
                int at = i * longest + j;
                tokens[at] = request.promptId(j - pad);
                positions[at] = j - pad;
                validity[at] = 1f;
            }
        }
        return new Batch(tokens, positions, validity, longest);
    }

    /** Each sequence's last token at its own position, [B, 1]; finished rows ride along as padding. */
    private static Batch decodeStep(List<SequenceState> states) {
        int batch = states.size();
        long[] tokens = new long[batch];
        long[] positions = new long[batch];
        float[] validity = new float[batch];
        for (int i = 0; i < batch; i++) {
            SequenceState s = states.get(i);
            if (!s.finished()) {
                tokens[i] = s.lastToken();
                positions[i] = s.lastPosition();
                validity[i] = 1f;
            } else {
                tokens[i] = PAD_TOKEN;
            }
        }
        return new Batch(tokens, positions, validity, 1);
    }

    /**
     * One forward pass in its own manager, then the next token of every unfinished sequence. When no sequence
     * samples or reports logprobs ({@code onDevice}), the argmax runs on the device and only B ids come back;
     * otherwise the last position's logits come back, [B, V] row-major, for the samplers.
     */
    private void step(NDManager parent, KvCache cache, Batch batch, List<SequenceState> states, boolean onDevice,
                      TokenListener listener) {
        try (NDManager step = parent.newSubManager()) {
            Shape shape = new Shape(batch.tokens().length / batch.width(), batch.width()); // [B, T]
            NDArray tokens = step.create(batch.tokens(), shape);
            NDArray positions = step.create(batch.positions(), shape);
            NDArray validity = step.create(batch.validity(), shape);
            if (batch.allReal()) {
                validity = null; // no padding: the model then needs no padding mask (kept alive: flat arrays per step)
            }
            try (ForwardOutput out = model.forward(tokens, positions, validity, cache, ForwardOptions.lastLogits())) {
                if (onDevice) {
                    long[] chosen = out.logits().argMax(-1).toLongArray(); // [B, 1, V] -> [B, 1]
                    for (int i = 0; i < states.size(); i++) {
                        SequenceState s = states.get(i);
                        if (!s.finished()) {
                            s.advance(chosen[i], listener);
                        }
                    }
                } else {
                    advance(states, out.logits().toFloatArray(), listener); // [B, 1, V]
                }
            }
        }
    }

    /** Samples a token for every unfinished sequence from its row of {@code logits} ([B, V] row-major). */
    private static void advance(List<SequenceState> states, float[] logits, TokenListener listener) {
        int vocab = logits.length / states.size();
        for (int i = 0; i < states.size(); i++) {
            SequenceState s = states.get(i);
            if (!s.finished()) {
                s.advance(logits, i * vocab, vocab, listener);
            }
        }
    }

    private static boolean allFinished(List<SequenceState> states) {
        return states.stream().allMatch(SequenceState::finished);
    }

    /** One forward pass's inputs, each [B, width] row-major. */
    private record Batch(long[] tokens, long[] positions, float[] validity, int width) {

        /** Whether every token is real (no padding, no finished row): the model then needs no padding mask. */
        boolean allReal() {
            for (float v : validity) {
                if (v != 1f) {
                    return false;
                }
            }
            return true;
        }
    }
}
