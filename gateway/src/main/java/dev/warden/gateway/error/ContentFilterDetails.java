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
 */
public record ContentFilterDetails(String source, Map<String, Double> hazards, Map<String, String> hazardNames,
                                   Double jailbreakScore, boolean jailbreakFiltered, List<String> attackFamilies) {

    /** Copies the collections. */
    public ContentFilterDetails {
        Objects.requireNonNull(source, "source");
        hazards = Collections.unmodifiableMap(new LinkedHashMap<>(hazards));
        hazardNames = Collections.unmodifiableMap(new LinkedHashMap<>(hazardNames));
        attackFamilies = List.copyOf(attackFamilies);
    }

    /** The categories that caused the block: the S-codes, then {@code jailbreak} when the detector fired. */
    public List<String> categories() {
        List<String> categories = new ArrayList<>(hazards.keySet());
        if (jailbreakFiltered) {
            categories.add("jailbreak");
        }
        return categories;
    }

    /**
     * The Azure-style {@code content_filter_result}: one entry per hazard ({@code filtered}, {@code score},
     * {@code name}) and, when the detector ran, {@code jailbreak} ({@code filtered}, {@code detected},
     * {@code score}, {@code families}).
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
        return result;
    }
}
