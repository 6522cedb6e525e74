package dev.warden.gateway.rails;

import dev.warden.guard.taxonomy.AttackFamily;
import java.util.List;
import java.util.Set;

/**
 * One compiled detection rule from a rule file.
 *
 * @param id              unique id, for findings' keys and tests
 * @param family          the attack family; null for a harmful-request signal (gates {@code harmWeight})
 * @param weight          evidence weight in [0, 1] of a match
 * @param harmWeight      weight used instead when the request also asks for something harmful (never lower)
 * @param scopes          the message scopes the rule reads
 * @param anchors         lowercase phrases; the rule runs only when one occurs ("*" suffix: a word prefix)
 * @param patterns        regexes over normalised text; a match of any is evidence
 * @param context         groups of words; from each group one word must occur somewhere in the same message
 *                        (no groups: no condition); anchors' syntax
 * @param reach           how many chars before an anchor hit a match may start
 * @param reason          what a match means, shown in findings
 * @param examples        texts the rule must catch (checked by the tests)
 * @param counterExamples texts the rule must not catch (checked by the tests)
 */
record Rule(String id, AttackFamily family, double weight, double harmWeight, Set<Scope> scopes, List<String> anchors,
            List<RulePattern> patterns, List<List<String>> context, int reach, String reason, List<String> examples, List<String> counterExamples) {

    /** Checks weights and that the rule can fire. */
    Rule {
        if (!(weight >= 0 && weight <= 1) || !(harmWeight >= weight && harmWeight <= 1)) {
            throw new IllegalArgumentException("rule " + id + ": need 0 <= weight <= harm-weight <= 1, got "
                    + weight + " and " + harmWeight);
        }
        if (reach < 0) {
            throw new IllegalArgumentException("rule " + id + ": reach must be >= 0, got " + reach);
        }
        if (anchors.isEmpty() || patterns.isEmpty() || scopes.isEmpty()) {
            throw new IllegalArgumentException("rule " + id + " needs at least one anchor, pattern and role");
        }
        scopes = Set.copyOf(scopes);
        anchors = List.copyOf(anchors);
        patterns = List.copyOf(patterns);
        context = context.stream().map(List::copyOf).toList();
        examples = List.copyOf(examples);
        counterExamples = List.copyOf(counterExamples);
    }

    /** True for a rule that only signals a harmful request. */
    boolean harmSignal() {
        return family == null;
    }

    /** The weight of a match, given whether the request asks for something harmful. */
    double weight(boolean harmfulRequest) {
        return harmfulRequest ? harmWeight : weight;
    }
}
