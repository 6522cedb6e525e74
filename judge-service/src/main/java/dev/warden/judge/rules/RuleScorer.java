package dev.warden.judge.rules;

import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.guard.text.NormalizedText;
import dev.warden.guard.text.TextNormalizer;
import dev.warden.judge.score.Stance;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tier 1 of the judge's scoring chain: rules and lexicons per hazard category over normalised text.
 *
 * <p>A text is normalised once ({@link TextNormalizer#standard()}: case, spacing, leetspeak, confusables,
 * invisible characters, base64/hex/percent payloads decoded), scanned once against every hazard lexicon and
 * cue list (see {@link HazardEvaluation} for the scoring), and assessed for bias ({@link BiasDetector}); a
 * response also for refusal ({@link RefusalDetector}). Demeaning generalisation counts towards S10 (hate) at
 * {@value #BIAS_TO_HATE} times the bias score.
 *
 * <p>A response is judged with its prompt: per category,
 * <pre>
 *   score = max( own (1 - 0.8 r),  prompt (1 - r) )      r: refusal probability of the response
 * </pre>
 * so a compliant answer to a harmful prompt is harmful even when its own wording is bland, and a refusal that
 * names the hazard ("I can't help you make a bomb") is not.
 *
 * <p>Immutable and thread-safe after construction; {@link #load()} reads the lexicons from the classpath.
 */
public final class RuleScorer {

    /** Factor from the bias score to the S10 (hate) score. */
    public static final double BIAS_TO_HATE = 0.7;
    /** How much a refusal discounts the hazard wording of the response itself. */
    static final double REFUSAL_DISCOUNT = 0.8;

    private final HazardLexicon lexicon;
    private final RefusalDetector refusalDetector;
    private final BiasDetector biasDetector;
    private final RuleOptions options;
    /**
     * Per thread: the bias assessment of the text the last {@link #score} or {@link #scoreResponse} judged, when its
     * scan kept every match; {@link #bias} returns it for that same text instead of scanning it again.
     */
    private final ThreadLocal<LastBias> lastBias = new ThreadLocal<>();

    /** The bias assessment of one normalised text (the instance, not an equal text). */
    private record LastBias(NormalizedText text, BiasResult bias) {
    }

    RuleScorer(HazardLexicon lexicon, RefusalDetector refusalDetector, BiasDetector biasDetector,
            RuleOptions options) {
        this.lexicon = Objects.requireNonNull(lexicon, "lexicon");
        this.refusalDetector = Objects.requireNonNull(refusalDetector, "refusalDetector");
        this.biasDetector = Objects.requireNonNull(biasDetector, "biasDetector");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Loads the scorer with the default thresholds from the classpath lexicons. */
    public static RuleScorer load() {
        return load(RuleOptions.defaults());
    }

    /** Loads the scorer with the given thresholds from the classpath lexicons. */
    public static RuleScorer load(RuleOptions options) {
        BiasDetector bias = BiasDetector.load();
        return new RuleScorer(HazardLexicon.load(bias), RefusalDetector.load(), bias, options);
    }

    /** The thresholds in use. */
    public RuleOptions options() {
        return options;
    }

    /** The refusal detector (shared, for callers that only need refusal). */
    public RefusalDetector refusalDetector() {
        return refusalDetector;
    }

    /** The bias detector (shared). */
    public BiasDetector biasDetector() {
        return biasDetector;
    }

    /**
     * The bias assessment of a normalised text, the same as {@link BiasDetector#assess(NormalizedText)}: when this
     * thread's last {@link #score} or {@link #scoreResponse} judged this very instance (the judge asks right after
     * the rules tier), the assessment that scan made, else a scan of its own.
     */
    public BiasResult bias(NormalizedText text) {
        LastBias last = lastBias.get();
        return last != null && last.text() == text ? last.bias() : biasDetector.assess(text);
    }

    /**
     * Scores a prompt alone (input rail).
     *
     * @throws NullPointerException when prompt is null
     */
    public RuleResult score(String prompt) {
        return score(TextNormalizer.standard().normalize(Objects.requireNonNull(prompt, "prompt")));
    }

    /**
     * Scores a prompt already normalised with {@link TextNormalizer#standard()}.
     *
     * @throws NullPointerException when prompt is null
     */
    public RuleResult score(NormalizedText prompt) {
        NormalizedText nt = Objects.requireNonNull(prompt, "prompt");
        LexiconScan scan = new LexiconScan(lexicon, nt);
        HazardEvaluation.Outcome o = evaluate(scan, Side.PROMPT);
        BiasResult bias = assessBias(nt, scan);
        double[] scores = o.scores().clone();
        int hate = HazardCategory.HATE.number() - 1;
        scores[hate] = Math.max(scores[hate], BIAS_TO_HATE * bias.score());
        return result(scores, o.matches(), o.jailbreak(), o.suspicion(), 0.0, Stance.NONE, bias);
    }

    /**
     * Scores a response with its prompt (output rail).
     *
     * @param prompt     the prompt the response answers
     * @param response   the response, or the part streamed so far
     * @param incomplete whether the response is still streaming (the refusal judgement is then provisional)
     * @throws NullPointerException when prompt or response is null
     */
    public RuleResult scoreResponse(String prompt, String response, boolean incomplete) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(response, "response");
        return scoreResponse(TextNormalizer.standard().normalize(prompt), TextNormalizer.standard().normalize(response),
                incomplete);
    }

    /**
     * Scores a response with its prompt, both already normalised with {@link TextNormalizer#standard()}.
     *
     * @throws NullPointerException when prompt or response is null
     */
    public RuleResult scoreResponse(NormalizedText prompt, NormalizedText response, boolean incomplete) {
        Objects.requireNonNull(prompt, "prompt");
        NormalizedText rt = Objects.requireNonNull(response, "response");
        HazardEvaluation.Outcome p = evaluate(new LexiconScan(lexicon, prompt), Side.PROMPT);
        LexiconScan scan = new LexiconScan(lexicon, rt);
        HazardEvaluation.Outcome r = evaluate(scan, Side.RESPONSE);
        RefusalResult refusal = refusalDetector.assess(rt, incomplete);
        BiasResult bias = assessBias(rt, scan);
        double ref = refusal.probability();
        double[] scores = new double[p.scores().length];
        for (int c = 0; c < scores.length; c++) {
            scores[c] = Math.max(r.scores()[c] * (1 - REFUSAL_DISCOUNT * ref), p.scores()[c] * (1 - ref));
        }
        int hate = HazardCategory.HATE.number() - 1;
        scores[hate] = Math.max(scores[hate], BIAS_TO_HATE * bias.score() * (1 - REFUSAL_DISCOUNT * ref));
        List<RuleMatch> matches = new ArrayList<>(p.matches());
        matches.addAll(r.matches());
        return result(scores, matches, r.jailbreak(), r.suspicion(), ref, refusal.stance(), bias);
    }

    /**
     * The bias assessment from the bias phrases the hazard scan found, remembered for {@link #bias} when the scan
     * kept every match (a scan that overflowed may have dropped some the detector's own scan would keep).
     */
    private BiasResult assessBias(NormalizedText nt, LexiconScan scan) {
        BiasResult bias = biasDetector.assess(nt, scan.biasHits);
        lastBias.set(scan.h.overflowed ? null : new LastBias(nt, bias));
        return bias;
    }

    private HazardEvaluation.Outcome evaluate(LexiconScan scan, Side side) {
        return HazardEvaluation.evaluate(scan, side, options.sureSafeBelow());
    }

    private RuleResult result(double[] scores, List<RuleMatch> matches, double jailbreak, double suspicion,
            double refusal, Stance stance, BiasResult bias) {
        List<HazardScore> list = new ArrayList<>(scores.length);
        double max = 0;
        for (HazardCategory c : HazardCategory.all()) {
            double s = Math.min(1.0, Math.max(0.0, scores[c.number() - 1]));
            list.add(new HazardScore(c, s));
            max = Math.max(max, s);
        }
        return new RuleResult(list, max, options.certaintyOf(max, suspicion), matches, jailbreak, refusal, stance,
                bias);
    }
}
