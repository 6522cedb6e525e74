package dev.warden.gateway.pipeline;

import dev.warden.proto.v1.CategoryScore;
import dev.warden.proto.v1.HazardCategory;
import dev.warden.proto.v1.JudgeScoreResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Reads the judge's hazard categories: S-codes, names, and the categories at or above a threshold. */
public final class Hazards {

    private static final String PREFIX = "HAZARD_CATEGORY_";

    private Hazards() {
    }

    /** {@code S1} .. {@code S14}. */
    public static String code(HazardCategory category) {
        return "S" + category.getNumber();
    }

    /** The readable name, for example {@code violent_crimes}. */
    public static String name(HazardCategory category) {
        return category.name().substring(PREFIX.length()).toLowerCase(Locale.ROOT);
    }

    /**
     * The categories whose score is at least {@code threshold}, by S-code in S-code order. When the overall
     * score reaches the threshold but no single category does, the highest-scoring category.
     */
    public static Map<String, Double> atOrAbove(JudgeScoreResponse judged, double threshold) {
        Map<String, Double> found = new LinkedHashMap<>();
        CategoryScore top = null;
        for (CategoryScore c : judged.getCategoryScoresList()) {
            if (c.getCategory() == HazardCategory.HAZARD_CATEGORY_UNSPECIFIED
                    || c.getCategory() == HazardCategory.UNRECOGNIZED) {
                continue;
            }
            if (c.getScore() >= threshold) {
                found.put(code(c.getCategory()), decimal(c.getScore()));
            }
            if (top == null || c.getScore() > top.getScore()) {
                top = c;
            }
        }
        if (found.isEmpty() && judged.getScore() >= threshold && top != null) {
            found.put(code(top.getCategory()), decimal(judged.getScore()));
        }
        return found;
    }

    /**
     * A judge score as the decimal it was written as: {@code 0.02f} becomes {@code 0.02}, not
     * {@code 0.019999999552965164} (a float widened to a double).
     */
    public static double decimal(float score) {
        return Double.parseDouble(Float.toString(score));
    }

    /** The names of the given S-codes. */
    public static Map<String, String> names(Iterable<String> codes) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String code : codes) {
            HazardCategory category = HazardCategory.forNumber(Integer.parseInt(code.substring(1)));
            names.put(code, category == null ? "unknown" : name(category));
        }
        return names;
    }
}
