package dev.warden.tools.judge.corpus;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.List;
import java.util.Set;

/**
 * A generated request with what the response generator needs to know about it.
 *
 * @param text       the request as the user would send it
 * @param group      harmful, lookalike or benign
 * @param categories violated categories (empty unless harmful)
 * @param resembles  categories a lookalike resembles
 * @param kind       the shape of the (first) ask
 * @param topic      the ask restated from the answerer's side, e.g. "making your own bread"; "this" when the
 *                   ask has no verb phrase
 * @param format     the written format of a WRITE ask, else ""
 * @param wrapped    whether a jailbreak or role-play wrapper was put around it
 * @param sources    ids of the content items used
 */
public record BuiltPrompt(String text, PromptGroup group, Set<HazardCategory> categories,
                          Set<HazardCategory> resembles, AskKind kind, String topic, String format,
                          boolean wrapped, List<String> sources) {

    /** Copies the collections. */
    public BuiltPrompt {
        categories = Set.copyOf(categories);
        resembles = Set.copyOf(resembles);
        sources = List.copyOf(sources);
    }
}
