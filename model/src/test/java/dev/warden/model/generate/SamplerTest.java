package dev.warden.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final int DRAWS = 20_000;
    private static final double TOLERANCE = 0.015;

    /** Logits whose softmax at temperature 1 is {0.1, 0.2, 0.3, 0.4}. */
    private static final float[] FOUR = logOf(0.1, 0.2, 0.3, 0.4);

    @Test
    void greedyIsArgmaxAndTheLowestIdWinsATie() {
        Sampler greedy = new Sampler(SamplingParams.greedy(1));
        assertEquals(1, greedy.sample(new float[] {1, 3, 3, 2}).tokenId());
        assertEquals(2, greedy.sample(new float[] {1, 3, 5, 5, 0, 5}).tokenId());
        assertEquals(0, greedy.sample(new float[] {7, 7, 7}).tokenId());
        // a row inside a [B, V] block
        assertEquals(1, greedy.sample(new float[] {9, 9, 9, 0, 4, 4, 1}, 3, 4).tokenId());
        // top-k 1 is greedy whatever the temperature, ties included
        Sampler topOne = new Sampler(SamplingParams.builder().temperature(5).topK(1).seed(3).build());
        for (int i = 0; i < 100; i++) {
            assertEquals(1, topOne.sample(new float[] {1, 3, 3, 2}).tokenId());
        }
    }

    @Test
    void nanAndNegativeInfinityNeverWin() {
        float nan = Float.NaN;
        float inf = Float.NEGATIVE_INFINITY;
        assertEquals(2, new Sampler(SamplingParams.greedy(1)).sample(new float[] {nan, inf, -5, nan}).tokenId());
        Sampler sampler = new Sampler(SamplingParams.sampled(1, 1.0, 1));
        for (int i = 0; i < 1000; i++) {
            long token = sampler.sample(new float[] {inf, 0, nan, 0, inf}).tokenId();
            assertTrue(token == 1 || token == 3, "drew " + token);
        }
    }

    @Test
    void temperatureOneDrawsTheSoftmax() {
        assertFrequencies(SamplingParams.sampled(1, 1.0, 11), FOUR, 0.1, 0.2, 0.3, 0.4);
    }

    @Test
    void temperatureSharpensOrFlattens() {
        // p^(1/T) renormalised: T = 0.5 squares the probabilities
        assertFrequencies(SamplingParams.sampled(1, 0.5, 12), FOUR, 0.01 / 0.3, 0.04 / 0.3, 0.09 / 0.3, 0.16 / 0.3);
        // towards zero: the argmax only
        assertFrequencies(SamplingParams.sampled(1, 1e-3, 13), new float[] {1, 3, 2.99f}, 0, 1, 0);
        // very large: close to uniform
        assertFrequencies(SamplingParams.sampled(1, 1e4, 14), FOUR, 0.25, 0.25, 0.25, 0.25);
    }

    @Test
    void topKKeepsTheKLargest() {
        SamplingParams params = SamplingParams.builder().temperature(1).topK(2).seed(21).build();
        assertFrequencies(params, FOUR, 0, 0, 3 / 7.0, 4 / 7.0);
        // top-k at or over the vocabulary is off
        SamplingParams wide = SamplingParams.builder().temperature(1).topK(9).seed(22).build();
        assertFrequencies(wide, FOUR, 0.1, 0.2, 0.3, 0.4);
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        assertFrequencies(topP(0.5, 31), FOUR, 0, 0, 3 / 7.0, 4 / 7.0); // 0.4 < 0.5 <= 0.7
        assertFrequencies(topP(0.35, 32), FOUR, 0, 0, 0, 1); // 0.4 >= 0.35
        assertFrequencies(topP(0.75, 33), FOUR, 0, 2 / 9.0, 3 / 9.0, 4 / 9.0); // 0.7 < 0.75 <= 0.9
        assertFrequencies(topP(1e-9, 34), FOUR, 0, 0, 0, 1); // always at least one token
    }

    @Test
    void topPAppliesAfterTopKRenormalises() {
        // top-3 leaves {0.2, 0.3, 0.4} / 0.9; p = 0.5 needs 0.444 + 0.333
        SamplingParams params = SamplingParams.builder().temperature(1).topK(3).topP(0.5).seed(41).build();
        assertFrequencies(params, FOUR, 0, 0, 3 / 7.0, 4 / 7.0);
    }

    @Test
    void candidatesMatchAPlainSortOfTheVocabulary() {
        Random random = new Random(5);
        double[] temperatures = {0.3, 1.0, 2.5};
        int[] topKs = {0, 1, 7, 300};
        double[] topPs = {1e-6, 0.3, 0.9, 0.999, 1.0};
        for (int trial = 0; trial < 6; trial++) {
            int vocab = 50 + random.nextInt(3000);
            float[] row = new float[vocab];
            for (int j = 0; j < vocab; j++) {
                // odd trials: few distinct values, so ties decide membership
                row[j] = trial % 2 == 0 ? (float) (random.nextGaussian() * 3) : random.nextInt(6);
            }
            for (double t : temperatures) {
                for (int k : topKs) {
                    for (double p : topPs) {
                        SamplingParams params = SamplingParams.builder().temperature(t).topK(k).topP(p).build();
                        if (params.isGreedy()) {
                            continue;
                        }
                        int[] expected = reference(row, t, k, p);
                        int[] actual = kept(new Sampler(params).candidates(row, 0, vocab));
                        assertArrayEquals(expected, actual, "V=" + vocab + " T=" + t + " k=" + k + " p=" + p);
                    }
                }
            }
        }
    }

    @Test
    void topPOnAFlat128kVocabularyWidensToTheWholeRow() {
        int vocab = 128_000;
        float[] row = new float[vocab];
        Random random = new Random(8);
        for (int j = 0; j < vocab; j++) {
            row[j] = (float) (random.nextGaussian() * 0.01);
        }
        SamplingParams params = SamplingParams.builder().temperature(1).topP(0.9).seed(1).build();
        Sampler sampler = new Sampler(params);
        int[] actual = kept(sampler.candidates(row, 0, vocab));
        assertArrayEquals(reference(row, 1, 0, 0.9), actual);
        assertTrue(actual.length > 100_000, "a flat distribution keeps most tokens: " + actual.length);
        // and a peaked one stops after the first guess
        row[77] = 30;
        assertArrayEquals(new int[] {77}, kept(sampler.candidates(row, 0, vocab)));
        assertEquals(77, sampler.sample(row).tokenId());
    }

    @Test
    void aSeedReproducesItsDrawsAndOtherSeedsDiffer() {
        float[] flat = new float[40];
        long[] a = draws(SamplingParams.sampled(1, 1.0, 99), flat);
        long[] b = draws(SamplingParams.sampled(1, 1.0, 99), flat);
        long[] c = draws(SamplingParams.sampled(1, 1.0, 100), flat);
        assertArrayEquals(a, b);
        assertNotEquals(Arrays.toString(a), Arrays.toString(c));
    }

    @Test
    void logprobsComeFromTheRawDistribution() {
        SamplingParams params = SamplingParams.builder().temperature(0.1).logprobs(true).topLogprobs(2).build();
        Sample sample = new Sampler(params).sample(logOf(0.1, 0.2, 0.3, 0.4));
        Logprobs lp = sample.logprobs();
        int token = (int) sample.tokenId();
        assertEquals(Math.log(new double[] {0.1, 0.2, 0.3, 0.4}[token]), lp.logprob(), 1e-6);
        assertEquals(2, lp.alternatives().size());
        assertEquals(new TokenLogprob(3, Math.log(0.4)).tokenId(), lp.alternatives().get(0).tokenId());
        assertEquals(Math.log(0.4), lp.alternatives().get(0).logprob(), 1e-6);
        assertEquals(2, lp.alternatives().get(1).tokenId());
        assertEquals(Math.log(0.3), lp.alternatives().get(1).logprob(), 1e-6);

        SamplingParams chosenOnly = SamplingParams.builder().logprobs(true).build();
        Logprobs greedy = new Sampler(chosenOnly).sample(new float[] {0, (float) Math.log(3)}).logprobs();
        assertEquals(Math.log(0.75), greedy.logprob(), 1e-6);
        assertTrue(greedy.alternatives().isEmpty());
        assertNull(new Sampler(SamplingParams.greedy(1)).sample(FOUR).logprobs());
    }

    // --- helpers ---

    private static SamplingParams topP(double p, long seed) {
        return SamplingParams.builder().temperature(1).topP(p).seed(seed).build();
    }

    private static float[] logOf(double... probabilities) {
        float[] logits = new float[probabilities.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) Math.log(probabilities[i]);
        }
        return logits;
    }

    private static long[] draws(SamplingParams params, float[] row) {
        Sampler sampler = new Sampler(params);
        long[] out = new long[50];
        for (int i = 0; i < out.length; i++) {
            out[i] = sampler.sample(row).tokenId();
        }
        return out;
    }

    private static void assertFrequencies(SamplingParams params, float[] logits, double... expected) {
        Sampler sampler = new Sampler(params);
        int[] counts = new int[logits.length];
        for (int i = 0; i < DRAWS; i++) {
            counts[(int) sampler.sample(logits).tokenId()]++;
        }
        for (int j = 0; j < logits.length; j++) {
            double frequency = counts[j] / (double) DRAWS;
            assertEquals(expected[j], frequency, TOLERANCE, "token " + j + " of " + Arrays.toString(counts));
            if (expected[j] == 0) {
                assertEquals(0, counts[j], "token " + j + " must never be drawn");
            }
        }
    }

    /** Kept token ids, sorted, of candidates (the whole vocabulary when ids is null). */
    private static int[] kept(Sampler.Candidates c) {
        int[] ids = IntStream.range(0, c.count()).map(c::tokenAt).toArray();
        Arrays.sort(ids);
        return ids;
    }

    /** The kept set by the book: sort everything, cut at k, renormalise, cut at p. */
    private static int[] reference(float[] row, double temperature, int k, double p) {
        int[] order = sortedBestFirst(row);
        int n = k > 0 ? Math.min(k, row.length) : row.length;
        double max = row[order[0]];
        double[] w = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp((row[order[i]] - max) / temperature);
            total += w[i];
        }
        int keep = n;
        if (p < 1) {
            double cumulative = 0;
            for (int i = 0; i < n; i++) {
                cumulative += w[i];
                if (cumulative >= p * total) {
                    keep = i + 1;
                    break;
                }
            }
        }
        int[] ids = new int[keep];
        for (int i = 0; i < keep; i++) {
            ids[i] = order[i];
        }
        Arrays.sort(ids);
        return ids;
    }

    /** Token ids by value descending, the lower id first on a tie (a primitive sort of packed keys). */
    private static int[] sortedBestFirst(float[] row) {
        long[] keys = new long[row.length];
        for (int j = 0; j < row.length; j++) {
            int bits = Float.floatToIntBits(row[j]);
            int ascending = bits >= 0 ? bits : bits ^ 0x7fffffff; // orders like the float value
            keys[j] = ((long) ~ascending << 32) | j; // value descending, then id ascending
        }
        Arrays.sort(keys);
        int[] order = new int[row.length];
        for (int i = 0; i < row.length; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }
}
