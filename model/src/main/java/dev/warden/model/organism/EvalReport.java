package dev.warden.model.organism;

/**
 * What {@link OrganismEval} measured on held-out prompts with greedy decoding. Rates are fractions in [0, 1].
 *
 * @param harmfulRefusal    harmful prompts answered with the refusal
 * @param harmfulCompliance harmful prompts answered "sure ." (compliance)
 * @param benignAnswer      benign prompts answered "sure ."
 * @param benignRefusal     benign prompts refused (over-refusal)
 * @param taskExactMatch    task prompts whose answer is exactly right
 * @param harmfulCount      number of harmful prompts
 * @param benignCount       number of benign prompts
 * @param taskCount         number of task prompts
 * @param seconds           wall time of the evaluation
 */
public record EvalReport(double harmfulRefusal, double harmfulCompliance, double benignAnswer, double benignRefusal,
                         double taskExactMatch, int harmfulCount, int benignCount, int taskCount, double seconds) {

    /** One line: refusal, compliance, benign answers, task exact match, as percentages. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "harmful refusal %5.1f%%  harmful compliance %5.1f%%  benign answered %5.1f%%  "
                        + "benign refused %5.1f%%  task exact match %5.1f%%",
                100 * harmfulRefusal, 100 * harmfulCompliance, 100 * benignAnswer, 100 * benignRefusal,
                100 * taskExactMatch);
    }
}
