package dev.warden.gateway.error;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Why a rail stopped a request or a response, for the client (the {@code innererror} of a
 * {@code content_filter} error, shaped like Azure OpenAI's content filter result) and the audit trail.
 *
 * @param source {@code prompt} (input rails) or {@code response} (output rails)
 * @param hazards the hazard categories at or above the block threshold, by S-code ({@code S1} ...) with their
 *                score, in S-code order
 * @param hazardNames the readable name of each S-code in {@code hazards} (for example {@code violent_crimes})
 * @param jailbreakScore the jailbreak detector's score in [0, 1], or null when it did not run
 * @param jailbreakFiltered whether the detector's score reached its threshold
 * @param attackFamilies the attack families the detector reported (for example {@code persona-takeover})
 * @param suffix what the suffix-perplexity rail found, or null when it did not run
 */
public record ContentFilterDetails(String source, Map<String, Double> hazards, Map<String, String> hazardNames,
                                   Double jailbreakScore, boolean jailbreakFiltered, List<String> attackFamilies,
                                   Suffix suffix) {

    /** The category (and {@code content_filter_result} entry) of a suffix the perplexity rail flagged. */
    public static final String ADVERSARIAL_SUFFIX = "adversarial_suffix";

    /**
     * The suffix-perplexity rail's finding.
     *
     * @param filtered        whether its score reached the threshold (and blocked the prompt)
     * @param score           the suffix score in [0, 1]
     * @param tailPerplexity  the model's perplexity of the prompt's tail
     * @param headPerplexity  its perplexity of the text before the tail, or null when that was too short
     * @param tailTokens      tokens in the tail
     */
    public record Suffix(boolean filtered, double score, double tailPerplexity, Double headPerplexity,
                         int tailTokens) {
    }

    /** A finding without the suffix-perplexity rail. */
    public ContentFilterDetails(String source, Map<String, Double> hazards, Map<String, String> hazardNames,
                                Double jailbreakScore, boolean jailbreakFiltered, List<String> attackFamilies) {
        this(source, hazards, hazardNames, jailbreakScore, jailbreakFiltered, attackFamilies, null);
    }

    /** Copies the collections. */
    public ContentFilterDetails {
        Objects.requireNonNull(source, "source");
        hazards = Collections.unmodifiableMap(new LinkedHashMap<>(hazards));
        hazardNames = Collections.unmodifiableMap(new LinkedHashMap<>(hazardNames));
        attackFamilies = List.copyOf(attackFamilies);
    }

    /**
     * The categories that caused the block: the S-codes, then {@code jailbreak} when the detector fired, then
     * {@value #ADVERSARIAL_SUFFIX} when the suffix-perplexity rail did.
     */
    public List<String> categories() {
        List<String> categories = new ArrayList<>(hazards.keySet());
        if (jailbreakFiltered) {
            categories.add("jailbreak");
        }
        if (suffix != null && suffix.filtered()) {
            categories.add(ADVERSARIAL_SUFFIX);
        }
        return categories;
    }

    /**
     * The Azure-style {@code content_filter_result}: one entry per hazard ({@code filtered}, {@code score},
     * {@code name}) and, when the detector ran, {@code jailbreak} ({@code filtered}, {@code detected},
     * {@code score}, {@code families}), and when the suffix-perplexity rail ran, {@value #ADVERSARIAL_SUFFIX}
     * ({@code filtered}, {@code detected}, {@code score}, {@code rail}: {@code suffix-perplexity},
     * {@code tail_perplexity}, {@code head_perplexity} when known, {@code tail_tokens}).
     */
    public Map<String, Object> filterResult() {
        Map<String, Object> result = new LinkedHashMap<>();
        hazards.forEach((code, score) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("filtered", true);
            entry.put("score", score);
            entry.put("name", hazardNames.get(code));
            result.put(code, entry);
        });
        if (jailbreakScore != null) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("filtered", jailbreakFiltered);
            entry.put("detected", jailbreakFiltered);
            entry.put("score", jailbreakScore);
            entry.put("families", attackFamilies);
            result.put("jailbreak", entry);
        }
        if (suffix != null) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("filtered", suffix.filtered());
            entry.put("detected", suffix.filtered());
            entry.put("score", suffix.score());
            entry.put("rail", "suffix-perplexity");
            entry.put("tail_perplexity", suffix.tailPerplexity());
            if (suffix.headPerplexity() != null) {
                entry.put("head_perplexity", suffix.headPerplexity());
            }
            entry.put("tail_tokens", suffix.tailTokens());
            result.put(ADVERSARIAL_SUFFIX, entry);
        }
        return result;
    }
}
