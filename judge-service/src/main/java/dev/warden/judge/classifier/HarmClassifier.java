package dev.warden.judge.classifier;

import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.guard.text.NormalizedText;
import dev.warden.guard.text.TextNormalizer;
import dev.warden.judge.score.Stance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tier 2 of the judge's scoring chain: the learned classifier, in plain Java over the loaded weights (no
 * DJL per call). Thread-safe; a call allocates only its result.
 *
 * <p>A prompt gets 14 category probabilities and an overall harm probability. A response gets a refusal
 * probability (from the response text) and a harm probability (from the response text plus the prompt's
 * any-harm logit, so that compliance with a harmful request is what counts); its category scores share the
 * harm probability out by the category profile of prompt and response.
 *
 * <p>Texts are hashed as {@link FeatureHasher} describes, which first normalises them with the judge's
 * TextNormalizer (as it did the training corpus): pass the text as submitted, or already normalised with
 * {@link TextNormalizer#standard()} when another tier normalised it.
 */
public final class HarmClassifier {

    private static final int ANY = Head.ANY_HARM.ordinal();
    private static final int REFUSAL = Head.REFUSAL.ordinal();
    private static final int HARMFUL = Head.HARMFUL_RESPONSE.ordinal();
    /** A refusal probability this close to the refusal threshold leaves the stance unsure. */
    public static final float REFUSAL_MARGIN = 0.15f;

    private final LinearHeads heads;
    private final ClassifierMetadata metadata;
    private final Thresholds thresholds;
    private final float[] headThresholds;
    private final ThreadLocal<float[][]> scratch =
            ThreadLocal.withInitial(() -> new float[][] {new float[Head.COUNT], new float[Head.COUNT]});

    /** A classifier over {@code heads} with the thresholds of {@code metadata}. */
    public HarmClassifier(LinearHeads heads, ClassifierMetadata metadata) {
        if (!heads.settings().equals(metadata.features())) {
            throw new IllegalArgumentException("weights use " + heads.settings() + " but metadata says "
                    + metadata.features());
        }
        this.heads = heads;
        this.metadata = metadata;
        this.thresholds = metadata.thresholds();
        this.headThresholds = thresholds.perHead();
    }

    /**
     * Loads the shipped classifier from the classpath ({@code /classifier/}).
     *
     * @throws IllegalStateException if it is not on the classpath
     * @throws IllegalArgumentException if the files are inconsistent
     */
    public static HarmClassifier load() {
        ClassifierFiles.Loaded loaded = ClassifierFiles.readClasspath();
        return new HarmClassifier(loaded.heads(), loaded.metadata());
    }

    /** Loads a classifier from a folder written by {@link ClassifierFiles#write}. */
    public static HarmClassifier load(Path folder) {
        ClassifierFiles.Loaded loaded = ClassifierFiles.read(folder);
        return new HarmClassifier(loaded.heads(), loaded.metadata());
    }

    /** The metadata (features, thresholds, corpus, training). */
    public ClassifierMetadata metadata() {
        return metadata;
    }

    /** The weights. */
    public LinearHeads heads() {
        return heads;
    }

    /**
     * Scores a prompt.
     *
     * @throws IllegalArgumentException if the prompt is null or blank
     */
    public PromptScore scorePrompt(String prompt) {
        requireText(prompt, "prompt");
        return scorePrompt(TextNormalizer.standard().normalize(prompt));
    }

    /**
     * Scores a prompt normalised with {@link TextNormalizer#standard()}.
     *
     * @throws IllegalArgumentException if the prompt is null or blank
     */
    public PromptScore scorePrompt(NormalizedText prompt) {
        requireText(prompt == null ? null : prompt.original(), "prompt");
        float[] logits = scratch.get()[0];
        heads.logits(prompt, logits);
        return promptScore(logits);
    }

    /**
     * Scores a response with the prompt it answers.
     *
     * @param prompt   the request (may be empty when unknown, which weakens the harm judgement)
     * @param response the response's final answer
     * @throws IllegalArgumentException if the prompt is null or the response is null or blank
     */
    public ResponseScore scoreResponse(String prompt, String response) {
        if (prompt == null) {
            throw new IllegalArgumentException("prompt must not be null (pass \"\" when unknown)");
        }
        requireText(response, "response");
        return scoreResponse(TextNormalizer.standard().normalize(prompt), TextNormalizer.standard().normalize(response));
    }

    /**
     * Scores a response with the prompt it answers, both normalised with {@link TextNormalizer#standard()}.
     *
     * @throws IllegalArgumentException if the prompt is null or the response is null or blank
     */
    public ResponseScore scoreResponse(NormalizedText prompt, NormalizedText response) {
        if (prompt == null) {
            throw new IllegalArgumentException("prompt must not be null (pass \"\" when unknown)");
        }
        requireText(response == null ? null : response.original(), "response");
        float[][] s = scratch.get();
        float[] p = s[0];
        float[] r = s[1];
        heads.logits(prompt, p);
        PromptScore promptScore = promptScore(p);
        heads.logits(response, r);
        float harm = sigmoid(r[HARMFUL] + heads.contextWeight() * LinearHeads.contextFeature(p[ANY]));
        float refusal = sigmoid(r[REFUSAL]);
        float[] profile = new float[Head.CATEGORIES];
        float top = 0f;
        for (int c = 0; c < Head.CATEGORIES; c++) {
            profile[c] = Math.max(sigmoid(p[c]), sigmoid(r[c]));
            top = Math.max(top, profile[c]);
        }
        for (int c = 0; c < Head.CATEGORIES; c++) {
            profile[c] = top <= 0f ? 0f : harm * profile[c] / top;
        }
        Stance stance = refusal >= thresholds.of(Head.REFUSAL) ? Stance.REFUSAL : Stance.COMPLIANCE;
        float confidence = Math.min(Thresholds.confidence(harm), Thresholds.confidence(refusal));
        boolean escalate = thresholds.unsureResponse(harm)
                || Math.abs(refusal - thresholds.of(Head.REFUSAL)) < REFUSAL_MARGIN;
        float harmThreshold = thresholds.of(Head.HARMFUL_RESPONSE);
        return new ResponseScore(profile, harm, refusal, stance, flagged(profile, harmThreshold),
                harm >= harmThreshold, confidence, escalate, promptScore);
    }

    private PromptScore promptScore(float[] logits) {
        float[] categories = new float[Head.CATEGORIES];
        float harm = sigmoid(logits[ANY]);
        for (int c = 0; c < Head.CATEGORIES; c++) {
            categories[c] = sigmoid(logits[c]);
            harm = Math.max(harm, categories[c]);
        }
        return new PromptScore(categories, harm, flagged(categories, Float.NaN), harm >= thresholds.of(Head.ANY_HARM),
                Thresholds.confidence(harm), thresholds.unsurePrompt(harm));
    }

    /** Categories at or above {@code threshold}, or each at its own head threshold when it is NaN. */
    private List<HazardCategory> flagged(float[] categories, float threshold) {
        List<HazardCategory> out = null;
        for (int c = 0; c < Head.CATEGORIES; c++) {
            if (categories[c] >= (Float.isNaN(threshold) ? headThresholds[c] : threshold)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(HazardCategory.all().get(c));
            }
        }
        return out == null ? List.of() : out;
    }

    private static void requireText(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " must not be null or blank");
        }
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
}
