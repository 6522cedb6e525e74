package dev.warden.judge.tiers;

import dev.warden.guard.learned.GuardHead;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.GuardScores;
import dev.warden.guard.learned.OperatingPoint;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The guard library's learned model ({@link GuardModel}: hashed n-grams, trained on public harmful, jailbreak,
 * injection and benign prompts plus the project's templates) read for the judge's tier 2 at one operating
 * point. Its any-harm head decides; the probability is mapped so that the head's threshold at the operating
 * point lands on the judge's threshold. A probability in the escalation band is unsure (the LLM judge, when
 * configured, takes it): from the band's lower edge ({@link BandEdge}: by default the model's escalation edge,
 * calibrated to flag about 10% of benign dev prompts, {@link dev.warden.guard.learned.GuardMetadata#escalation()})
 * up to the lenient point's threshold. Thread-safe.
 */
public final class PromptGuard {

    /** The operating point the service reads the guard model at by default. */
    public static final String DEFAULT_POINT = "default";
    /**
     * The guard model's default weight in a prompt's score. Chosen on the safety-train dev split (0.6-0.9 all keep
     * benign flags near 1.6% there; recall rises with the weight) and the template held-out split (AUPRC best at
     * 0.6-0.9, lower with the guard alone). Measured on the test split with {@code ./warden eval-judge --data}:
     * 88.3% of public harmful requests and 1.8% of benign ones flagged (30.1% and 24.5% with the classifier alone),
     * template AUPRC 0.894 (0.884).
     */
    public static final String DEFAULT_WEIGHT = "0.8";

    /**
     * Where the escalation band starts. The band ends below the lenient point's threshold; a probability under the
     * edge is sure safe, one at or above the lenient threshold sure (unsafe at every point).
     */
    public enum BandEdge {
        /**
         * The model's escalation edge (flags about 10% of benign dev prompts; the strict point for a model file
         * without one): more harmful prompts reach tier 3 than from {@link #STRICT}, and more benign ones.
         */
        ESCALATION,
        /** The strict operating point (about 5% of benign dev prompts): the band before the escalation edge existed. */
        STRICT;

        /** The name in the configuration: {@code escalation | strict}. */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether {@code head}'s probability in {@code scores} reaches this edge. */
        public boolean reachedBy(GuardScores scores, GuardHead head) {
            return this == ESCALATION ? scores.reachesEscalation(head) : scores.flagged(head, OperatingPoint.STRICT);
        }
    }

    /** The band edge the service uses by default ({@code warden.judge.classifier.guard-band-edge}). */
    public static final String DEFAULT_BAND_EDGE = "escalation";

    private final GuardModel model;
    private final OperatingPoint point;
    private final float weight;
    private final BandEdge edge;

    /**
     * One reading of a prompt.
     *
     * @param harm           the any-harm probability on the judge's scale
     * @param categoryScores the 14 category scores: {@code harm} shared by the category heads' probabilities,
     *                       the likeliest carrying all of it
     * @param unsure         whether the harm probability lies in the escalation band: at or above the band's
     *                       lower edge ({@link BandEdge}), below the lenient threshold
     * @param confidence     how far the harm probability is from undecided, in [0, 1]
     */
    public record Reading(float harm, float[] categoryScores, boolean unsure, float confidence) {
    }

    /**
     * {@code model} read at {@code point}, unsure from its escalation edge ({@link BandEdge#ESCALATION}).
     *
     * @param weight the reading's weight against the template classifier's, in [0, 1]
     * @throws IllegalArgumentException if the weight is outside [0, 1]
     */
    public PromptGuard(GuardModel model, OperatingPoint point, float weight) {
        this(model, point, weight, BandEdge.ESCALATION);
    }

    /**
     * {@code model} read at {@code point}, unsure from {@code edge} up to the lenient threshold.
     *
     * @param weight the reading's weight against the template classifier's, in [0, 1]
     * @throws IllegalArgumentException if the weight is outside [0, 1]
     */
    public PromptGuard(GuardModel model, OperatingPoint point, float weight, BandEdge edge) {
        if (!(weight >= 0f && weight <= 1f)) {
            throw new IllegalArgumentException("the guard model's weight must be in [0, 1], got " + weight);
        }
        this.model = Objects.requireNonNull(model, "model");
        this.point = Objects.requireNonNull(point, "point");
        this.weight = weight;
        this.edge = Objects.requireNonNull(edge, "edge");
    }

    /**
     * The shipped model at the operating point named {@code name} ({@code strict}, {@code default},
     * {@code lenient}) with {@code weight}, or empty for {@code off}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Optional<PromptGuard> at(String name, String weight) {
        return at(name, Float.parseFloat(weight));
    }

    /** {@link #at(String, String)} with the weight as a number. */
    public static Optional<PromptGuard> at(String name, float weight) {
        return at(name, weight, BandEdge.ESCALATION);
    }

    /** {@link #at(String, float)}, unsure from {@code edge}. */
    public static Optional<PromptGuard> at(String name, float weight, BandEdge edge) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.equals("off") ? Optional.empty()
                : Optional.of(new PromptGuard(GuardModel.load(), OperatingPoint.parse(n), weight, edge));
    }

    /** The operating point. */
    public OperatingPoint point() {
        return point;
    }

    /** The reading's weight against the template classifier's, in [0, 1]. */
    public float weight() {
        return weight;
    }

    /** Where the escalation band starts. */
    public BandEdge edge() {
        return edge;
    }

    /**
     * Reads {@code prompt} for a judge that flags at {@code judgeThreshold}, with what it hides
     * ({@link GuardModel#readWithPayloads}: each head's largest probability over the prompt and its decoded
     * base64, hex, percent, binary and rot13 payloads); empty when neither the prompt nor a payload has
     * {@link GuardModel#MIN_WORDS} words, which the model cannot judge (its probabilities sit at the bias).
     */
    public Optional<Reading> read(String prompt, float judgeThreshold) {
        Optional<GuardScores> read = model.readWithPayloads(prompt);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        GuardScores scores = read.get();
        float harm = scores.scaled(GuardHead.ANY_HARM, point, judgeThreshold);
        float p = scores.probability(GuardHead.ANY_HARM);
        boolean unsure = edge.reachedBy(scores, GuardHead.ANY_HARM)
                && !scores.flagged(GuardHead.ANY_HARM, OperatingPoint.LENIENT);
        return Optional.of(new Reading(harm, ClassifierTier.shared(harm, scores.categoryProbabilities()), unsure,
                Math.abs(2f * p - 1f)));
    }
}
