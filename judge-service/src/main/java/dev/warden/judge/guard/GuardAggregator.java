package dev.warden.judge.guard;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Combines the answers of several guard prompts (one per {@link GuardTemplate}) into one verdict.
 *
 * <p>Rules. Unparseable answers do not vote. The outcome is the majority of the readable answers; an even
 * split counts as unsafe (fail closed: an evenly split judge must not let content through as confidently
 * safe, and its confidence of 0.5 tells the chain so). With no readable answer the outcome is
 * {@link GuardOutcome#UNDECIDED} with confidence 0. Confidence is the agreement fraction: votes for the
 * outcome / readable answers. Each unsafe answer votes for the categories it names; an unsafe outcome flags
 * the categories named by at least half of the unsafe answers.
 */
public final class GuardAggregator {

    private GuardAggregator() {
    }

    /**
     * Aggregates parsed answers.
     *
     * @param verdicts at least one
     * @throws IllegalArgumentException for no verdicts or a null one
     */
    public static GuardAggregate aggregate(List<GuardVerdict> verdicts) {
        if (verdicts == null || verdicts.isEmpty()) {
            throw new IllegalArgumentException("at least one guard verdict is needed");
        }
        int safe = 0;
        int unsafe = 0;
        int unparseable = 0;
        Map<HazardCategory, Integer> votes = new EnumMap<>(HazardCategory.class);
        HazardCategory.all().forEach(c -> votes.put(c, 0));
        for (int i = 0; i < verdicts.size(); i++) {
            GuardVerdict v = verdicts.get(i);
            if (v == null) {
                throw new IllegalArgumentException("verdicts[" + i + "] is missing");
            }
            if (v instanceof GuardVerdict.Safe) {
                safe++;
            } else if (v instanceof GuardVerdict.Unsafe u) {
                unsafe++;
                u.categories().forEach(c -> votes.merge(c, 1, Integer::sum));
            } else {
                unparseable++;
            }
        }
        int readable = safe + unsafe;
        if (readable == 0) {
            return new GuardAggregate(GuardOutcome.UNDECIDED, 0, 0, 0, unparseable, votes, Set.of());
        }
        GuardOutcome outcome = unsafe >= safe ? GuardOutcome.UNSAFE : GuardOutcome.SAFE;
        Set<HazardCategory> flagged = EnumSet.noneOf(HazardCategory.class);
        if (outcome == GuardOutcome.UNSAFE) {
            final int unsafeVotes = unsafe;
            votes.forEach((c, n) -> {
                if (n > 0 && 2 * n >= unsafeVotes) {
                    flagged.add(c);
                }
            });
        }
        double confidence = (double) Math.max(safe, unsafe) / readable;
        return new GuardAggregate(outcome, confidence, safe, unsafe, unparseable, votes, flagged);
    }

    /** Parses raw answers with {@link GuardOutputParser} and aggregates them. */
    public static GuardAggregate aggregateOutputs(List<String> outputs) {
        if (outputs == null || outputs.isEmpty()) {
            throw new IllegalArgumentException("at least one guard output is needed");
        }
        return aggregate(outputs.stream().map(GuardOutputParser::parse).toList());
    }
}
