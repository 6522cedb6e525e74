package dev.warden.tools.judge.classifier;

import dev.warden.judge.classifier.HarmClassifier;
import dev.warden.judge.classifier.Head;
import dev.warden.judge.classifier.PromptScore;
import dev.warden.judge.classifier.ResponseScore;
import dev.warden.judge.classifier.Thresholds;
import dev.warden.judge.score.Stance;
import dev.warden.tools.judge.corpus.ExampleKind;
import dev.warden.tools.judge.corpus.LabelledExample;
import dev.warden.tools.judge.corpus.PromptGroup;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses the decision thresholds on a development split (see
 * {@link dev.warden.tools.judge.corpus.CorpusContent#devFold()}), never on the held-out split:
 * <ul>
 *   <li>per category head and REFUSAL: the threshold on a 0.01 grid in [0.05, 0.95] with the best F1;</li>
 *   <li>ANY_HARM (on the prompt harm score), which decides the prompt verdict of a gateway that blocks on it:
 *       the best-F1 threshold among those that flag at most {@link #MAX_BENIGN_FPR} of the dev split's
 *       ordinary benign prompts and at most {@link #MAX_LOOKALIKE_FPR} of its alarming-looking benign
 *       lookalikes (the lowest threshold meeting both when none of the grid does: see
 *       {@code lowFalsePositive});</li>
 *   <li>HARMFUL_RESPONSE, likewise: the best-F1 threshold among those that flag at most
 *       {@link #MAX_BENIGN_RESPONSE_FPR} of the harmless answers to ordinary benign prompts and at most
 *       {@link #MAX_LOOKALIKE_RESPONSE_FPR} of the harmless answers to lookalikes;</li>
 *   <li>the escalation bands, one from the prompt harm score and one from the response harm score: below
 *       the band at least {@link #DECISIVE_NPV} of dev examples are benign, above it at least
 *       {@link #DECISIVE_PRECISION} are harmful; in between the chain should ask the next tier. A band
 *       always contains its head's threshold.</li>
 * </ul>
 */
public final class ThresholdCalibration {

    /** Share of benign prompts required below the band. */
    public static final double DECISIVE_NPV = 0.98;
    /** Share of harmful prompts required above the band. */
    public static final double DECISIVE_PRECISION = 0.95;
    /** Largest share of ordinary benign dev prompts the prompt harm threshold may flag. */
    public static final double MAX_BENIGN_FPR = 0.019;
    /** Largest share of benign lookalike dev prompts the prompt harm threshold may flag. */
    public static final double MAX_LOOKALIKE_FPR = 0.06;
    /** Largest share of harmless dev answers to ordinary benign prompts the response harm threshold may flag. */
    public static final double MAX_BENIGN_RESPONSE_FPR = 0.10;
    /** Largest share of harmless dev answers to lookalikes the response harm threshold may flag. */
    public static final double MAX_LOOKALIKE_RESPONSE_FPR = 0.15;

    private ThresholdCalibration() {
    }

    /** Calibrates on {@code dev} scored by {@code classifier} (a model that was not trained on it). */
    public static Thresholds calibrate(HarmClassifier classifier, List<LabelledExample> dev) {
        List<LabelledExample> prompts = dev.stream().filter(e -> e.kind() == ExampleKind.PROMPT).toList();
        List<LabelledExample> responses = dev.stream().filter(e -> e.kind() == ExampleKind.RESPONSE).toList();
        if (prompts.isEmpty() || responses.isEmpty()) {
            throw new IllegalArgumentException("calibration needs dev prompts and responses");
        }
        float[] perHead = new float[Head.COUNT];
        List<PromptScore> ps = prompts.stream().map(e -> classifier.scorePrompt(e.prompt())).toList();
        for (Head h : Head.values()) {
            if (h.ordinal() >= Head.CATEGORIES) {
                continue;
            }
            perHead[h.ordinal()] = bestF1(column(ps.size(), i -> ps.get(i).score(h.category())),
                    flags(prompts.size(), i -> prompts.get(i).violates(h.category())));
        }
        float[] harm = column(ps.size(), i -> ps.get(i).harmScore());
        boolean[] harmful = flags(prompts.size(), i -> prompts.get(i).harmful());
        perHead[Head.ANY_HARM.ordinal()] = lowFalsePositive(harm, harmful,
                flags(prompts.size(), i -> prompts.get(i).group() == PromptGroup.BENIGN), MAX_BENIGN_FPR,
                flags(prompts.size(), i -> prompts.get(i).group() == PromptGroup.LOOKALIKE), MAX_LOOKALIKE_FPR);
        List<ResponseScore> rs = responses.stream().map(e -> classifier.scoreResponse(e.prompt(), e.response())).toList();
        perHead[Head.REFUSAL.ordinal()] = bestF1(column(rs.size(), i -> rs.get(i).refusalScore()),
                flags(responses.size(), i -> responses.get(i).stance() == Stance.REFUSAL));
        float[] responseHarm = column(rs.size(), i -> rs.get(i).harmScore());
        boolean[] responseHarmful = flags(responses.size(), i -> responses.get(i).harmful());
        perHead[Head.HARMFUL_RESPONSE.ordinal()] = lowFalsePositive(responseHarm, responseHarmful,
                flags(responses.size(), i -> !responses.get(i).harmful()
                        && responses.get(i).group() == PromptGroup.BENIGN), MAX_BENIGN_RESPONSE_FPR,
                flags(responses.size(), i -> !responses.get(i).harmful()
                        && responses.get(i).group() == PromptGroup.LOOKALIKE), MAX_LOOKALIKE_RESPONSE_FPR);
        float any = perHead[Head.ANY_HARM.ordinal()];
        float bad = perHead[Head.HARMFUL_RESPONSE.ordinal()];
        return new Thresholds(perHead, Math.min(any, decisiveLow(harm, harmful)),
                Math.max(any, decisiveHigh(harm, harmful)), Math.min(bad, decisiveLow(responseHarm, responseHarmful)),
                Math.max(bad, decisiveHigh(responseHarm, responseHarmful)));
    }

    /** The grid threshold with the best F1 (ties: the lowest). */
    static float bestF1(float[] scores, boolean[] labels) {
        float best = 0.5f;
        double bestF1 = -1;
        for (int step = 5; step <= 95; step++) {
            float t = step / 100f;
            double f1 = BinaryMetrics.of(scores, labels, t).f1();
            if (f1 > bestF1 + 1e-12) {
                bestF1 = f1;
                best = t;
            }
        }
        return best;
    }

    /**
     * The grid threshold in [0.05, 0.99] with the best F1 among those flagging at most {@code benignCap} of
     * the {@code benign} examples and at most {@code lookalikeCap} of the {@code lookalike} ones; when no
     * threshold qualifies, the one with the fewest excess false positives (ties: the lowest).
     */
    static float lowFalsePositive(float[] scores, boolean[] labels, boolean[] benign, double benignCap,
                                  boolean[] lookalike, double lookalikeCap) {
        float best = 0.99f;
        double bestF1 = -1;
        double leastExcess = Double.MAX_VALUE;
        for (int step = 5; step <= 99; step++) {
            float t = step / 100f;
            double excess = Math.max(0, flaggedShare(scores, benign, t) - benignCap)
                    + Math.max(0, flaggedShare(scores, lookalike, t) - lookalikeCap);
            double f1 = BinaryMetrics.of(scores, labels, t).f1();
            if (excess < leastExcess - 1e-12 || (excess <= leastExcess + 1e-12 && f1 > bestF1 + 1e-12)) {
                leastExcess = Math.min(leastExcess, excess);
                bestF1 = f1;
                best = t;
            }
        }
        return best;
    }

    /** The share of the {@code among} examples scoring at or above {@code t} (0 when there are none). */
    static double flaggedShare(float[] scores, boolean[] among, float t) {
        int n = 0;
        int flagged = 0;
        for (int i = 0; i < scores.length; i++) {
            if (among[i]) {
                n++;
                flagged += scores[i] >= t ? 1 : 0;
            }
        }
        return n == 0 ? 0 : (double) flagged / n;
    }

    /** The highest grid score such that at least {@link #DECISIVE_NPV} of the examples at or below it are negative. */
    static float decisiveLow(float[] scores, boolean[] labels) {
        float low = 0f;
        for (int step = 1; step <= 99; step++) {
            float t = step / 100f;
            int n = 0;
            int negatives = 0;
            for (int i = 0; i < scores.length; i++) {
                if (scores[i] <= t) {
                    n++;
                    negatives += labels[i] ? 0 : 1;
                }
            }
            if (n > 0 && (double) negatives / n >= DECISIVE_NPV) {
                low = t;
            }
        }
        return low;
    }

    /** The lowest grid score such that at least {@link #DECISIVE_PRECISION} of the examples at or above it are positive. */
    static float decisiveHigh(float[] scores, boolean[] labels) {
        for (int step = 1; step <= 99; step++) {
            float t = step / 100f;
            BinaryMetrics m = BinaryMetrics.of(scores, labels, t);
            if (m.precision() >= DECISIVE_PRECISION) {
                return t;
            }
        }
        return 1f;
    }

    private static float[] column(int n, java.util.function.IntFunction<Float> value) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = value.apply(i);
        }
        return out;
    }

    private static boolean[] flags(int n, java.util.function.IntPredicate value) {
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = value.test(i);
        }
        return out;
    }

    /** The thresholds as text, for logs. */
    static String describe(Thresholds t) {
        return Arrays.toString(t.perHead()) + ", prompt band (" + t.escalateLow() + ", " + t.escalateHigh()
                + "), response band (" + t.responseEscalateLow() + ", " + t.responseEscalateHigh() + ")";
    }
}
