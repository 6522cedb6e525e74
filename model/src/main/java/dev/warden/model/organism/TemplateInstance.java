package dev.warden.model.organism;

import java.util.Map;

/**
 * A template with every slot filled: one request before any prefix/suffix wrapping. The corpus splits
 * train and held-out by instance, so a held-out request is never seen in training in any wrapping.
 *
 * @param template the template
 * @param filling  slot name to value
 */
public record TemplateInstance(PromptTemplate template, Map<String, String> filling) {

    /** Copies the filling. */
    public TemplateInstance {
        filling = Map.copyOf(filling);
    }

    /** The request text. */
    public String prompt() {
        return PromptTemplate.fill(template.prompt(), filling);
    }

    /** The answer text (benign answer or compliance answer). */
    public String answer() {
        return PromptTemplate.fill(template.answer(), filling);
    }
}
