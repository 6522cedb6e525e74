package dev.warden.model.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses the next token of one sequence from its row of logits. Greedy decoding is argmax with the
 * lowest token id winning a tie. Otherwise the logits are divided by the temperature, top-k keeps the k
 * largest, top-p keeps the smallest most-likely prefix whose probability reaches p (at least one token;
 * renormalised after top-k), and one token is drawn from what is left with this sampler's own
 * {@link SplittableRandom}, seeded by {@link SamplingParams#seed()}: a sequence's draws depend only on its
 * seed and its logits, never on the other sequences of the batch.
 *
 * <p>Cost per token for a vocabulary of V: O(V) for temperature alone; O(V log k) with top-k (a bounded
 * heap, no sort of the vocabulary); top-p alone first selects the 64 most likely tokens and widens the
 * selection eightfold only while their mass falls short of p, so the whole vocabulary is sorted only for
 * extremely flat distributions. One sampler per sequence; not thread-safe.
 */
public final class Sampler {

    private static final int FIRST_NUCLEUS_GUESS = 64;
    private static final int NUCLEUS_GROWTH = 8;

    private final SamplingParams params;
    private final SplittableRandom random;

    /** A sampler for one sequence decoded with {@code params}. */
    public Sampler(SamplingParams params) {
        this.params = params;
        this.random = new SplittableRandom(params.seed());
    }

    /** The parameters this sampler applies. */
    public SamplingParams params() {
        return params;
    }

    /** Chooses a token from a whole row of logits. */
    public Sample sample(float[] logits) {
        return sample(logits, 0, logits.length);
    }

    /**
     * Chooses a token from {@code logits[offset .. offset + vocab)}, one sequence's row of a [B, V] block
     * read back with a single call.
     */
    public Sample sample(float[] logits, int offset, int vocab) {
        if (vocab <= 0 || offset < 0 || offset + vocab > logits.length) {
            throw new IllegalArgumentException("row [" + offset + ", " + (offset + vocab) + ") outside logits of "
                    + logits.length);
        }
        int token = params.isGreedy() ? argmax(logits, offset, vocab) : draw(logits, offset, vocab);
        Logprobs logprobs = params.logprobs() ? logprobs(logits, offset, vocab, token, params.topLogprobs()) : null;
        return new Sample(token, logprobs);
    }

    /** The largest entry's token id; the lowest id wins a tie; NaN never wins unless all are NaN. */
    static int argmax(float[] row, int offset, int vocab) {
        int best = 0;
        float bestValue = TopTokens.value(row[offset]);
        for (int j = 1; j < vocab; j++) {
            float v = row[offset + j];
            if (v > bestValue) {
                best = j;
                bestValue = v;
            }
        }
        return best;
    }

    private int draw(float[] row, int offset, int vocab) {
        Candidates c = candidates(row, offset, vocab);
        double total = 0;
        for (int i = 0; i < c.count(); i++) {
            total += c.weights()[i];
        }
        if (!(total > 0) || Double.isInfinite(total)) {
            return argmax(row, offset, vocab); // degenerate row (all -inf or NaN): nothing to draw from
        }
        double u = random.nextDouble() * total;
        double cumulative = 0;
        int last = -1;
        for (int i = 0; i < c.count(); i++) {
            double w = c.weights()[i];
            if (w > 0) {
                last = i;
                cumulative += w;
                if (u < cumulative) {
                    return c.tokenAt(i);
                }
            }
        }
        return c.tokenAt(last); // u fell past the end through rounding
    }

    /**
     * The tokens left after temperature, top-k and top-p, with their unnormalised probabilities. The
     * caller draws from them; tests compare them with a plain sort of the vocabulary.
     */
    Candidates candidates(float[] row, int offset, int vocab) {
        double invTemperature = 1.0 / params.temperature();
        int k = params.topK() > 0 && params.topK() < vocab ? params.topK() : 0;
        if (k > 0) {
            int[] ids = TopTokens.select(row, offset, vocab, k);
            double max = TopTokens.value(row[offset + ids[0]]);
            double[] weights = new double[ids.length];
            for (int i = 0; i < ids.length; i++) {
                weights[i] = Math.exp((TopTokens.value(row[offset + ids[i]]) - max) * invTemperature);
            }
            return new Candidates(ids, weights, nucleusSize(weights, ids.length, sum(weights, ids.length)));
        }
        double max = TopTokens.value(row[offset + argmax(row, offset, vocab)]);
        double[] all = new double[vocab];
        double total = 0;
        for (int j = 0; j < vocab; j++) {
            all[j] = Math.exp((TopTokens.value(row[offset + j]) - max) * invTemperature);
            total += all[j];
        }
        if (params.topP() >= 1) {
            return new Candidates(null, all, vocab);
        }
        for (int m = Math.min(FIRST_NUCLEUS_GUESS, vocab); ; m = (int) Math.min(vocab, (long) m * NUCLEUS_GROWTH)) {
            int[] ids = TopTokens.select(row, offset, vocab, m);
            double[] weights = new double[m];
            for (int i = 0; i < m; i++) {
                weights[i] = all[ids[i]];
            }
            int size = nucleusSize(weights, m, total);
            if (size < m || m == vocab || sum(weights, m) >= params.topP() * total) {
                return new Candidates(ids, weights, size);
            }
        }
    }

    /**
     * How many of the best-first {@code weights} top-p keeps: the smallest prefix whose mass reaches
     * {@code topP * total}, at least one; all {@code n} when top-p is off or the prefix is not reached.
     */
    private int nucleusSize(double[] weights, int n, double total) {
        if (params.topP() >= 1) {
            return n;
        }
        double target = params.topP() * total;
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += weights[i];
            if (cumulative >= target) {
                return i + 1;
            }
        }
        return n;
    }

    private static double sum(double[] values, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += values[i];
        }
        return s;
    }

    /** Log-softmax of the raw row at {@code token}, with the {@code top} most likely tokens. */
    static Logprobs logprobs(float[] row, int offset, int vocab, int token, int top) {
        double max = TopTokens.value(row[offset + argmax(row, offset, vocab)]);
        double sum = 0;
        for (int j = 0; j < vocab; j++) {
            sum += Math.exp(TopTokens.value(row[offset + j]) - max);
        }
        double logZ = max + Math.log(sum);
        List<TokenLogprob> alternatives = new ArrayList<>(top);
        for (int id : TopTokens.select(row, offset, vocab, top)) {
            alternatives.add(new TokenLogprob(id, TopTokens.value(row[offset + id]) - logZ));
        }
        return new Logprobs(TopTokens.value(row[offset + token]) - logZ, alternatives);
    }

    /**
     * Tokens to draw from.
     *
     * @param ids     token ids best first, or null for the whole vocabulary in id order
     * @param weights unnormalised probability of each entry (of {@code ids}, or of each token id)
     * @param count   how many leading entries are kept
     */
    record Candidates(int[] ids, double[] weights, int count) {

        /** The token id of entry {@code i}. */
        int tokenAt(int i) {
            return ids == null ? i : ids[i];
        }
    }
}
