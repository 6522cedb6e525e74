package dev.warden.gateway.moderation;

import dev.warden.gateway.pipeline.Hazards;
import dev.warden.proto.v1.CategoryScore;
import dev.warden.proto.v1.HazardCategory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's moderation categories in terms of the judge's hazard taxonomy (S1..S14). A category's score is the
 * highest score of its hazards and it is flagged when one of them is; a category without a counterpart
 * (for example {@code harassment/threatening}) stays 0 and unflagged. Hazards without an OpenAI counterpart
 * (S6 specialized advice, S7 privacy, S8 intellectual property, S13 elections) appear only in the response's
 * {@code warden_categories}.
 *
 * <table>
 * <caption>mapping</caption>
 * <tr><th>OpenAI category</th><th>hazards</th></tr>
 * <tr><td>harassment</td><td>S5 defamation</td></tr>
 * <tr><td>hate</td><td>S10 hate</td></tr>
 * <tr><td>illicit</td><td>S2 non-violent crimes, S14 code interpreter abuse</td></tr>
 * <tr><td>illicit/violent</td><td>S9 indiscriminate weapons</td></tr>
 * <tr><td>self-harm</td><td>S11 suicide and self-harm</td></tr>
 * <tr><td>sexual</td><td>S12 sexual content, S3 sex-related crimes</td></tr>
 * <tr><td>sexual/minors</td><td>S4 child sexual exploitation</td></tr>
 * <tr><td>violence</td><td>S1 violent crimes</td></tr>
 * </table>
 */
public final class ModerationCategories {

    /** Every OpenAI category, in OpenAI's order, with the hazards it stands for. */
    static final Map<String, List<HazardCategory>> MAPPING = mapping();

    private ModerationCategories() {
    }

    private static Map<String, List<HazardCategory>> mapping() {
        Map<String, List<HazardCategory>> m = new LinkedHashMap<>();
        m.put("harassment", List.of(HazardCategory.HAZARD_CATEGORY_DEFAMATION));
        m.put("harassment/threatening", List.of());
        m.put("hate", List.of(HazardCategory.HAZARD_CATEGORY_HATE));
        m.put("hate/threatening", List.of());
        m.put("illicit", List.of(HazardCategory.HAZARD_CATEGORY_NON_VIOLENT_CRIMES,
                HazardCategory.HAZARD_CATEGORY_CODE_INTERPRETER_ABUSE));
        m.put("illicit/violent", List.of(HazardCategory.HAZARD_CATEGORY_INDISCRIMINATE_WEAPONS));
        m.put("self-harm", List.of(HazardCategory.HAZARD_CATEGORY_SUICIDE_SELF_HARM));
        m.put("self-harm/intent", List.of());
        m.put("self-harm/instructions", List.of());
        m.put("sexual", List.of(HazardCategory.HAZARD_CATEGORY_SEXUAL_CONTENT,
                HazardCategory.HAZARD_CATEGORY_SEX_RELATED_CRIMES));
        m.put("sexual/minors", List.of(HazardCategory.HAZARD_CATEGORY_CHILD_SEXUAL_EXPLOITATION));
        m.put("violence", List.of(HazardCategory.HAZARD_CATEGORY_VIOLENT_CRIMES));
        m.put("violence/graphic", List.of());
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The OpenAI category names, in order. */
    public static List<String> names() {
        return List.copyOf(MAPPING.keySet());
    }

    /** Per OpenAI category, whether any of its hazards is flagged. */
    public static Map<String, Boolean> flags(List<CategoryScore> scores) {
        Map<HazardCategory, CategoryScore> byHazard = index(scores);
        Map<String, Boolean> flags = new LinkedHashMap<>();
        MAPPING.forEach((name, hazards) -> flags.put(name, hazards.stream()
                .anyMatch(h -> byHazard.containsKey(h) && byHazard.get(h).getFlagged())));
        return flags;
    }

    /** Per OpenAI category, the highest score of its hazards (0 without any). */
    public static Map<String, Double> scores(List<CategoryScore> scores) {
        Map<HazardCategory, CategoryScore> byHazard = index(scores);
        Map<String, Double> result = new LinkedHashMap<>();
        MAPPING.forEach((name, hazards) -> result.put(name, hazards.stream()
                .filter(byHazard::containsKey).mapToDouble(h -> Hazards.decimal(byHazard.get(h).getScore())).max()
                .orElse(0)));
        return result;
    }

    private static Map<HazardCategory, CategoryScore> index(List<CategoryScore> scores) {
        Map<HazardCategory, CategoryScore> byHazard = new LinkedHashMap<>();
        scores.forEach(s -> byHazard.put(s.getCategory(), s));
        return byHazard;
    }
}
