package dev.warden.gateway.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.proto.v1.CategoryScore;
import dev.warden.proto.v1.HazardCategory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModerationCategoriesTest {

    private static List<CategoryScore> scores(int flaggedHazard, float score) {
        List<CategoryScore> scores = new ArrayList<>();
        for (int k = 1; k <= 14; k++) {
            float s = k == flaggedHazard ? score : 0.01f;
            scores.add(CategoryScore.newBuilder().setCategory(HazardCategory.forNumber(k)).setScore(s)
                    .setFlagged(s >= 0.5f).build());
        }
        return scores;
    }

    @Test
    void allThirteenOpenAiCategoriesInOpenAiOrder() {
        assertEquals(List.of("harassment", "harassment/threatening", "hate", "hate/threatening", "illicit",
                "illicit/violent", "self-harm", "self-harm/intent", "self-harm/instructions", "sexual",
                "sexual/minors", "violence", "violence/graphic"), ModerationCategories.names());
    }

    @Test
    void eachHazardMapsAtMostOnceAndOnlyKnownOnes() {
        Set<HazardCategory> seen = new HashSet<>();
        ModerationCategories.MAPPING.values().forEach(hazards -> hazards.forEach(h -> assertTrue(seen.add(h), h + " twice")));
        assertFalse(seen.contains(HazardCategory.HAZARD_CATEGORY_ELECTIONS), "no OpenAI counterpart");
    }

    @Test
    void aFlaggedHazardFlagsItsCategoryWithItsScore() {
        Map<String, Boolean> flags = ModerationCategories.flags(scores(10, 0.9f));
        Map<String, Double> values = ModerationCategories.scores(scores(10, 0.9f));
        assertTrue(flags.get("hate"));
        assertEquals(0.9, values.get("hate"), 1e-6);
        assertEquals(1, flags.values().stream().filter(b -> b).count());
        assertEquals(0.0, values.get("hate/threatening"), "no hazard behind it");
    }

    @Test
    void aCategoryTakesTheHighestOfItsHazards() {
        List<CategoryScore> s = new ArrayList<>(scores(3, 0.6f));
        s.set(11, s.get(11).toBuilder().setScore(0.8f).setFlagged(true).build());  // S12 sexual content
        assertEquals(0.8, ModerationCategories.scores(s).get("sexual"), 1e-6);
        assertTrue(ModerationCategories.flags(s).get("sexual"));
    }
}
