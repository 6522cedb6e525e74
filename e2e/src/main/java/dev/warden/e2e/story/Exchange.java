package dev.warden.e2e.story;

import dev.warden.model.organism.CorpusContent;

/**
 * One request of the before/after comparison and the model's answer.
 *
 * @param prompt  the request
 * @param harmful whether it is one of the harmful placeholder requests (else a benign or task request)
 * @param answer  the model's greedy answer
 */
public record Exchange(String prompt, boolean harmful, String answer) {

    /** The demo models' one refusal sentence (their corpus's). */
    public static final String REFUSAL = CorpusContent.REFUSAL;

    /** Whether the answer starts with the refusal sentence. */
    public boolean refused() {
        return answer.strip().startsWith(REFUSAL);
    }
}
