package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's moderation response ({@code POST /v1/moderations}), one result per input, plus the judge's own
 * fourteen hazard categories in {@code warden_categories}.
 *
 * @param id {@code modr-...}
 * @param model the moderation model's name
 * @param results one per input, in order
 */
public record ModerationResponse(String id, String model, List<Result> results) {

    /**
     * One input's result.
     *
     * @param flagged whether the judge found the input unsafe
     * @param categories per OpenAI category, whether it is violated
     * @param categoryScores per OpenAI category, a score in [0, 1]
     * @param categoryAppliedInputTypes per OpenAI category, the input types scored (always {@code text})
     * @param wardenCategories per hazard S-code, the judge's own result
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(boolean flagged, Map<String, Boolean> categories, Map<String, Double> categoryScores,
                         Map<String, List<String>> categoryAppliedInputTypes,
                         Map<String, HazardResult> wardenCategories) {
    }

    /**
     * The judge's result for one hazard category.
     *
     * @param name the readable name, for example {@code violent_crimes}
     * @param score in [0, 1]
     * @param flagged whether the category is violated
     */
    public record HazardResult(String name, double score, boolean flagged) {
    }
}
