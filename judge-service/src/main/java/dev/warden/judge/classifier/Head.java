package dev.warden.judge.classifier;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.List;

/**
 * The output heads of the classifier, in weight-column order: one per hazard category and one for any harm
 * (trained on prompts), then the refusal and harmful-response heads (trained on responses).
 */
public enum Head {
    S1, S2, S3, S4, S5, S6, S7, S8, S9, S10, S11, S12, S13, S14,
    /** The prompt violates at least one category. */
    ANY_HARM,
    /** The response declines the request (fully or in substance). */
    REFUSAL,
    /** The response is harmful: it complies with a harmful request. */
    HARMFUL_RESPONSE;

    /** Number of heads. */
    public static final int COUNT = values().length;
    /** Number of prompt heads (the categories and ANY_HARM), which come first. */
    public static final int PROMPT_HEADS = ANY_HARM.ordinal() + 1;
    /** Number of category heads. */
    public static final int CATEGORIES = 14;

    private static final List<Head> ALL = List.of(values());

    /** The head of a category. */
    public static Head of(HazardCategory category) {
        return ALL.get(category.number() - 1);
    }

    /** The category of a category head. */
    public HazardCategory category() {
        if (ordinal() >= CATEGORIES) {
            throw new IllegalStateException(this + " is not a category head");
        }
        return HazardCategory.all().get(ordinal());
    }

    /** Whether it is trained on prompts (categories and ANY_HARM). */
    public boolean isPromptHead() {
        return ordinal() < PROMPT_HEADS;
    }
}
