package dev.warden.tools.judge.corpus;

import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.judge.score.Stance;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One labelled example of the corpus.
 *
 * @param id         unique within the corpus, e.g. "train-p-000042"
 * @param split      the split it belongs to
 * @param kind       a prompt alone or a response with its prompt
 * @param group      the group of the prompt
 * @param categories the violated categories: of the prompt for a prompt example, of the response for a
 *                   response example (those of its prompt when it complies harmfully, else none)
 * @param resembles  for a lookalike prompt, the categories it resembles; else empty
 * @param prompt     the request text
 * @param response   the response text; "" for a prompt example
 * @param stance     the response's stance; {@link Stance#NONE} for a prompt example
 * @param harmful    whether the judged text (the response when there is one, else the prompt) is harmful
 * @param style      how the response answers; {@link ResponseStyle#NONE} for a prompt example
 * @param sources    ids of the content items the example was built from
 */
public record LabelledExample(String id, Split split, ExampleKind kind, PromptGroup group,
                              Set<HazardCategory> categories, Set<HazardCategory> resembles, String prompt,
                              String response, Stance stance, boolean harmful, ResponseStyle style,
                              List<String> sources) {

    /** Validates the labels against each other and copies the collections. */
    public LabelledExample {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("example " + id + " has no prompt");
        }
        categories = categories.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(categories));
        resembles = resembles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(resembles));
        sources = List.copyOf(sources);
        boolean isResponse = kind == ExampleKind.RESPONSE;
        if (isResponse == (response == null || response.isEmpty())) {
            throw new IllegalArgumentException("example " + id + ": a " + kind + " example "
                    + (isResponse ? "needs" : "must not have") + " a response");
        }
        if (isResponse == (stance == Stance.NONE) || isResponse == (style == ResponseStyle.NONE)) {
            throw new IllegalArgumentException("example " + id + ": stance " + stance + " and style " + style
                    + " do not fit a " + kind + " example");
        }
        if (harmful != !categories.isEmpty()) {
            throw new IllegalArgumentException("example " + id + ": harmful=" + harmful + " but categories "
                    + categories);
        }
    }

    /** Whether it violates {@code category}. */
    public boolean violates(HazardCategory category) {
        return categories.contains(category);
    }
}
