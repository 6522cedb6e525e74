package dev.warden.gateway.rails;

import dev.warden.guard.taxonomy.AttackFamily;
import dev.warden.guard.text.Range;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the evidence of a request into a {@link Detection}: the weight of each piece (its harm-weight when
 * the request asks for something harmful), one weight per key and family (the strongest), a noisy-or per
 * family, a noisy-or across families. Findings keep every located piece with a positive weight.
 */
final class Verdicts {

    /**
     * Evidence located in one message.
     *
     * @param messageIndex the message
     * @param content      the message's original content
     * @param evidence     the evidence
     * @param scored       false for a mirror of evidence already scored under another family (listed, not counted)
     */
    record Located(int messageIndex, String content, Evidence evidence, boolean scored) {
    }

    private Verdicts() {
    }

    /** The detection for {@code located} evidence of a request that is harmful or not. */
    static Detection decide(List<Located> located, boolean harmfulRequest) {
        if (located.isEmpty()) {
            return Detection.clean();
        }
        Map<AttackFamily, Map<String, Double>> strongest = new EnumMap<>(AttackFamily.class);
        List<Finding> findings = new ArrayList<>();
        Set<List<Object>> seen = new HashSet<>();
        for (Located item : located) {
            Evidence e = item.evidence();
            double weight = e.weight(harmfulRequest);
            if (weight <= 0) {
                continue;
            }
            Map<String, Double> keys = strongest.computeIfAbsent(e.family(), f -> new HashMap<>());
            if (item.scored()) {
                keys.merge(e.key(), weight, Math::max);
            }
            if (seen.add(List.of(e.family(), item.messageIndex(), e.start(), e.end()))) {
                findings.add(new Finding(e.family(), item.messageIndex(), e.start(), e.end(),
                        new Range(e.start(), e.end()).codePointsOf(item.content()), e.reason()));
            }
        }
        if (strongest.isEmpty()) {
            return Detection.clean();
        }
        Map<AttackFamily, Double> familyScores = new EnumMap<>(AttackFamily.class);
        double clean = 1;
        for (Map.Entry<AttackFamily, Map<String, Double>> family : strongest.entrySet()) {
            double familyScore = noisyOr(family.getValue().values());
            familyScores.put(family.getKey(), familyScore);
            clean *= 1 - familyScore;
        }
        List<AttackFamily> families = new ArrayList<>(familyScores.keySet());
        families.sort(Comparator.comparingDouble((AttackFamily f) -> -familyScores.get(f)).thenComparing(f -> f));
        findings.sort(Comparator.comparingInt(Finding::messageIndex).thenComparingInt(Finding::start)
                .thenComparing(Comparator.comparingInt(Finding::end).reversed()).thenComparing(Finding::family));
        return new Detection(Math.min(1, Math.max(0, 1 - clean)), families, withoutNested(findings));
    }

    /** Drops a finding inside another of the same family and message (one rule matching a part of another's span). */
    private static List<Finding> withoutNested(List<Finding> sorted) {
        List<Finding> kept = new ArrayList<>(sorted.size());
        for (Finding finding : sorted) {
            boolean nested = false;
            for (int k = kept.size() - 1; k >= 0 && kept.get(k).messageIndex() == finding.messageIndex(); k--) {
                Finding outer = kept.get(k);
                if (outer.family() == finding.family() && outer.start() <= finding.start()
                        && finding.end() <= outer.end()) {
                    nested = true;
                    break;
                }
            }
            if (!nested) {
                kept.add(finding);
            }
        }
        return kept;
    }

    private static double noisyOr(Iterable<Double> weights) {
        double clean = 1;
        for (double weight : weights) {
            clean *= 1 - weight;
        }
        return 1 - clean;
    }
}
