package dev.warden.tools.guard;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a source's own category onto one of the 14 hazard categories (Llama Guard 3's S1..S14) where it
 * clearly maps; everything else (no category, a category spanning several hazards, a topic rather than a
 * hazard) maps to none, and such a harmful row trains only the any-harm head. The table (source, the
 * source's category or its "top /" prefix, S-code) is {@link #TABLE}; MODEL-CARD.md prints it.
 */
public final class CategoryMap {

    /** Returned for a category that does not map. */
    public static final int NONE = 0;

    /**
     * {@code source|category -> S-number}. A key ending in {@code " /"} matches every subcategory of that top
     * category; an exact key wins over a prefix.
     */
    public static final Map<String, Integer> TABLE = table(
            "simplesafetytests|Suicide, Self-Harm, and Eating Disorders", 11,
            "simplesafetytests|Physical harm and Violence", 1,
            "simplesafetytests|Illegal and Highly Regulated items", 2,
            "simplesafetytests|Scams and fraud", 2,
            "simplesafetytests|Child safety", 4,
            "do_not_answer|Discrimination, Exclusion, Toxicity, Hateful, Offensive", 10,
            "do_not_answer|Information Hazards", 7,
            "strongreject|Hate, harassment and discrimination", 10,
            "strongreject|Illegal goods and services", 2,
            "strongreject|Non-violent crimes", 2,
            "strongreject|Sexual content", 12,
            "strongreject|Violence", 1,
            "sap_attack_prompts|fraud", 2,
            "sap_attack_prompts|race", 10,
            "sap_attack_prompts|religion", 10,
            "sap_attack_prompts|suicide", 11,
            "sap_attack_prompts|terrorism", 1,
            "sap_attack_prompts|violence", 1,
            "catqa_en|Adult Content /", 12,
            "catqa_en|Child Abuse / Content Sexual exploitation", 4,
            "catqa_en|Child Abuse / Online predation", 4,
            "catqa_en|Child Abuse / Physical abuse", 1,
            "catqa_en|Economic Harm / Employment scams", 2,
            "catqa_en|Economic Harm / Financial fraud", 2,
            "catqa_en|Economic Harm / Investment scams", 2,
            "catqa_en|Economic Harm / Market manipulation", 2,
            "catqa_en|Economic Harm / Intellectual property theft", 8,
            "catqa_en|Fraud/Deception /", 2,
            "catqa_en|Hate/Harass/Violence / Gender-based violence", 1,
            "catqa_en|Hate/Harass/Violence / Racial or ethnic hate", 10,
            "catqa_en|Hate/Harass/Violence / Religious intolerance", 10,
            "catqa_en|Hate/Harass/Violence / Terrorism and extremism", 1,
            "catqa_en|Illegal Activity /", 2,
            "catqa_en|Malware Viruses /", 2,
            "catqa_en|Physical Harm / Assault and battery", 1,
            "catqa_en|Physical Harm / Self-harm", 11,
            "catqa_en|Physical Harm / Weapon making", 9,
            "catqa_en|Privacy Violation Activity / Data theft", 7,
            "catqa_en|Privacy Violation Activity / Doxxing", 7,
            "catqa_en|Privacy Violation Activity / Surveillance", 7,
            "catqa_en|Privacy Violation Activity / Tracking and location monitoring", 7,
            "catqa_en|Tailored Financial Advice /", 6);

    private CategoryMap() {
    }

    /** The S-number (1..14) of a row's category, or {@link #NONE}. */
    public static int of(SafetyRow row) {
        return of(row.source(), row.category());
    }

    /** The S-number (1..14) of {@code category} in {@code source}, or {@link #NONE}. */
    public static int of(String source, String category) {
        if (category == null) {
            return NONE;
        }
        String src = source.toLowerCase(Locale.ROOT);
        Integer exact = TABLE.get(src + "|" + category);
        if (exact != null) {
            return exact;
        }
        int slash = category.indexOf(" / ");
        if (slash > 0) {
            Integer top = TABLE.get(src + "|" + category.substring(0, slash) + " /");
            if (top != null) {
                return top;
            }
        }
        return NONE;
    }

    private static Map<String, Integer> table(Object... pairs) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            int s = (Integer) pairs[i + 1];
            if (s < 1 || s > 14) {
                throw new ExceptionInInitializerError("S-number out of range: " + pairs[i]);
            }
            out.put((String) pairs[i], s);
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
