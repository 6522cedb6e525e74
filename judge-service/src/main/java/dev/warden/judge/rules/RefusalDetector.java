package dev.warden.judge.rules;

import dev.warden.guard.text.NormalizedText;
import dev.warden.guard.text.PhraseMatcher;
import dev.warden.guard.text.Span;
import dev.warden.guard.text.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Estimates whether a response refuses, from refusal phrasings ({@code refusal.tsv}: "I can't help with that",
 * "I'm sorry, but", "I must decline", "as an AI", redirections to help lines) and compliance cues
 * ({@code compliance.tsv}: "Sure, here is", "Step 1", "you will need"), looking mostly at the start of the
 * response.
 *
 * <p>Only the first {@value #SCAN_CHARS} normalised chars are scanned. A cue starting at normalised index
 * {@code p} counts with factor {@code f(p) = 1} for {@code p < }{@value #HEAD}, else {@code HEAD / p}. A cue
 * inside a longer cue is dropped ("I cannot stress enough" is not a refusal). Then
 * <pre>
 *   R = noisy-OR of w f(p) over refusal cues,  C = the same over compliance cues
 *   z = 3.5 R - 3.0 C - k min(1, length / 400)     k = 1.2, or 0.5 for an incomplete (streaming) response
 *   probability = sigmoid(z)                      an empty response: 0.5
 * </pre>
 * so a long response without any cue leans to compliance, and a short streaming prefix without cues stays
 * near 0.5 (undecided).
 *
 * <p>Immutable and thread-safe.
 */
public final class RefusalDetector {

    /** Normalised chars scanned from the start of a response. */
    public static final int SCAN_CHARS = 1200;
    /** Cues starting within this many normalised chars count fully. */
    public static final int HEAD = 120;

    private static final double REFUSAL_GAIN = 3.5;
    private static final double COMPLIANCE_GAIN = 3.0;
    private static final double LENGTH_GAIN = 1.2;
    private static final double LENGTH_GAIN_INCOMPLETE = 0.5;
    private static final double LENGTH_SCALE = 400.0;

    private final PhraseMatcher matcher;
    private final boolean[] refusal;
    private final double[] weight;
    private final String[] label;

    private RefusalDetector(PhraseMatcher matcher, boolean[] refusal, double[] weight, String[] label) {
        this.matcher = matcher;
        this.refusal = refusal;
        this.weight = weight;
        this.label = label;
    }

    /** Loads the detector from the classpath lexicons {@code refusal.tsv} and {@code compliance.tsv}. */
    public static RefusalDetector load() {
        PhraseMatcher.Builder b = PhraseMatcher.builder();
        List<Boolean> isRefusal = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String file : List.of("refusal.tsv", "compliance.tsv")) {
            for (LexiconFiles.Entry e : LexiconFiles.weighted(file)) {
                b.add(e.phrase().text(), e.phrase().prefix());
                isRefusal.add(file.equals("refusal.tsv"));
                weights.add(e.weight());
                labels.add(e.phrase().text());
            }
        }
        boolean[] r = new boolean[isRefusal.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = isRefusal.get(i);
        }
        return new RefusalDetector(b.build(), r, weights.stream().mapToDouble(Double::doubleValue).toArray(),
                labels.toArray(new String[0]));
    }

    /**
     * Assesses a response as submitted.
     *
     * @param response   the response, or the part streamed so far
     * @param incomplete whether the response is still streaming
     */
    public RefusalResult assess(String response, boolean incomplete) {
        return assess(TextNormalizer.withoutDecoding().normalize(Objects.requireNonNull(response, "response")),
                incomplete);
    }

    /** Assesses a normalised response (its main part; decoded payloads are not the response's wording). */
    public RefusalResult assess(NormalizedText response, boolean incomplete) {
        String t = response.text();
        int limit = Math.min(Math.min(t.length(), response.mainLength()), SCAN_CHARS);
        if (limit == 0) {
            return new RefusalResult(0.5, List.of());
        }
        Hits h = new Hits();
        matcher.scan(response, 0, limit, h);
        double keepRefusal = 1.0;
        double keepCompliance = 1.0;
        List<Span> cues = new ArrayList<>();
        for (int i = 0; i < h.size; i++) {
            if (insideLonger(h, i)) {
                continue;
            }
            int id = h.id[i];
            double f = h.start[i] < HEAD ? 1.0 : (double) HEAD / h.start[i];
            if (refusal[id]) {
                keepRefusal *= 1 - weight[id] * f;
            } else {
                keepCompliance *= 1 - weight[id] * f;
            }
            cues.add(response.span(h.start[i], h.end[i], (refusal[id] ? "refusal '" : "compliance '") + label[id]
                    + "'"));
        }
        double lengthGain = incomplete ? LENGTH_GAIN_INCOMPLETE : LENGTH_GAIN;
        double z = REFUSAL_GAIN * (1 - keepRefusal) - COMPLIANCE_GAIN * (1 - keepCompliance)
                - lengthGain * Math.min(1.0, limit / LENGTH_SCALE);
        cues.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return new RefusalResult(Windows.sigmoid(z), cues);
    }

    private static boolean insideLonger(Hits h, int i) {
        for (int j = 0; j < h.size; j++) {
            if (j != i && h.start[j] <= h.start[i] && h.end[i] <= h.end[j]
                    && h.end[j] - h.start[j] > h.end[i] - h.start[i]) {
                return true;
            }
        }
        return false;
    }
}
