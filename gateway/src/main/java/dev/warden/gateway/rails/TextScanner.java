package dev.warden.gateway.rails;

import dev.warden.guard.taxonomy.AttackFamily;
import dev.warden.guard.text.EncodedPayload;
import dev.warden.guard.text.EncodedPayloads;
import dev.warden.guard.text.Encoding;
import dev.warden.guard.text.RuleText;
import dev.warden.guard.text.Range;
import dev.warden.guard.text.RuleTextNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Scans one text (a message, or a payload decoded from one) for evidence: normalise, run the anchor
 * automaton, run the regexes of the rules it enabled, then the structural checks (spelled-out and
 * concatenated words, encoded payloads decoded and rescanned, the suffix heuristic). Spans are code points
 * of the text scanned. Immutable, thread-safe.
 */
final class TextScanner {

    /** How deep payloads inside payloads are decoded. */
    static final int MAX_DEPTH = 2;
    private static final int MAX_MATCHES_PER_PATTERN = 3;
    private static final double SPLIT_WEIGHT = 0.8;
    private static final double DECODED_CONTENT_WEIGHT = 0.8;
    private static final double DECODED_TEXT_WEIGHT = 0.3;
    private static final double DECODED_URL_WEIGHT = 0.1;
    /** Leetspeak words that make a text obfuscated; weak alone, strong around a harmful request. */
    private static final int LEET_WORDS = 3;
    private static final double LEET_WEIGHT = 0.2;

    /** The evidence of one text and whether it asks for something harmful. */
    record Scan(List<Evidence> evidence, boolean harmful) {
    }

    private final RuleSet rules;

    TextScanner(RuleSet rules) {
        this.rules = rules;
    }

    /** Scans {@code text} read in {@code scope}; {@code depth} counts the payload levels above it. */
    Scan scan(String text, Scope scope, int depth) {
        RuleText normalised = RuleTextNormalizer.normalise(text);
        String norm = normalised.text();
        List<Evidence> evidence = new ArrayList<>(4);
        AnchorIndex.Hits hits = rules.automaton().scan(norm);
        boolean harmful = matchRules(normalised, hits, scope, evidence);
        harmful |= spelledOut(normalised, evidence);
        if (normalised.leetWords() >= LEET_WORDS) {
            int end = text.codePointCount(0, text.length());
            evidence.add(new Evidence(AttackFamily.ENCODED_PAYLOAD, "leetspeak", LEET_WEIGHT, DECODED_CONTENT_WEIGHT, 0,
                    end, normalised.leetWords() + " words in leetspeak"));
        }
        if (depth < MAX_DEPTH) {
            harmful |= concatenations(normalised, scope, depth, evidence);
            harmful |= encoded(text, scope, depth, evidence);
            if (rules.rot13Markers(hits) >= EncodedPayloads.MIN_ROT13_HITS) {
                harmful |= rot13(text, scope, depth, evidence);
            }
        }
        if (scope == Scope.USER && depth == 0) {
            double suffix = SuffixHeuristic.score(text);
            if (suffix >= SuffixHeuristic.THRESHOLD) {
                Range tail = SuffixHeuristic.tail(text);
                evidence.add(Evidence.of(AttackFamily.ADVERSARIAL_SUFFIX, "suffix-heuristic", suffix, tail.start(),
                        tail.end(), String.format("gibberish suffix (character statistics %.2f)", suffix)));
            }
        }
        return new Scan(evidence, harmful);
    }

    /**
     * Runs the rules whose anchors occur, each pattern tried only at the positions from {@code reach} chars
     * before each anchor hit up to the hit; adds attack evidence, returns whether a harmful-request rule
     * matched.
     */
    private boolean matchRules(RuleText normalised, AnchorIndex.Hits hits, Scope scope,
                               List<Evidence> evidence) {
        String text = normalised.text();
        List<Rule> all = rules.rules();
        boolean harmful = false;
        for (int r = 0; r < all.size(); r++) {
            Rule rule = all.get(r);
            if (!hits.any(r) || !appliesTo(rule, scope) || (rule.harmSignal() && harmful)
                    || rule.weight(harmful) == 0) {
                continue; // harm rules run first (see RuleSet): a weight-0 framing rule needs harm in this text
            }
            int[] windows = windows(hits.starts(r), rule.reach());
            if (!rules.contextMet(hits, r)) {
                continue;
            }
            if (rule.harmSignal()) {
                harmful = matchesAt(rule, text, windows);
                continue;
            }
            for (RulePattern pattern : rule.patterns()) {
                Matcher m = pattern.pattern().matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                int found = 0;
                for (int w = 0; w < windows.length && found < MAX_MATCHES_PER_PATTERN; w += 2) {
                    for (int at = windows[w]; at <= windows[w + 1] && found < MAX_MATCHES_PER_PATTERN; at++) {
                        if (!pattern.canStartAt(text, at) || !m.region(at, text.length()).lookingAt() || m.end() == at) {
                            continue;
                        }
                        found++;
                        addMatch(normalised, rule, m.start(), m.end(), evidence);
                        at = m.end() - 1;
                    }
                }
            }
        }
        return harmful;
    }

    private void addMatch(RuleText normalised, Rule rule, int start, int end, List<Evidence> evidence) {
        Range span = normalised.originalSpan(start, end);
        evidence.add(new Evidence(rule.family(), rule.id(), rule.weight(), rule.harmWeight(), span.start(),
                span.end(), rule.reason()));
        if (normalised.touchesJoined(start, end)) {
            evidence.add(Evidence.of(AttackFamily.SPLIT_PAYLOAD, "spelled-out-phrase", SPLIT_WEIGHT, span.start(),
                    span.end(), "spelled-out letters hide: " + rule.reason()));
        }
    }

    private static boolean appliesTo(Rule rule, Scope scope) {
        return rule.scopes().contains(scope) || (scope == Scope.PREFILL && rule.scopes().contains(Scope.ASSISTANT));
    }

    /** Merged windows {@code [hit - reach, hit]} as (from, to) pairs, both inclusive. */
    private static int[] windows(int[] starts, int reach) {
        java.util.Arrays.sort(starts);
        int[] windows = new int[starts.length * 2];
        int n = 0;
        for (int start : starts) {
            int from = Math.max(0, start - reach);
            if (n > 0 && from <= windows[n - 1] + 1) {
                windows[n - 1] = Math.max(windows[n - 1], start);
            } else {
                windows[n++] = from;
                windows[n++] = start;
            }
        }
        return java.util.Arrays.copyOf(windows, n);
    }

    private static boolean matchesAt(Rule rule, String text, int[] windows) {
        for (RulePattern pattern : rule.patterns()) {
            Matcher m = pattern.pattern().matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            for (int w = 0; w < windows.length; w += 2) {
                for (int at = windows[w]; at <= windows[w + 1]; at++) {
                    if (pattern.canStartAt(text, at) && m.region(at, text.length()).lookingAt()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Spelled-out letters ("b-o-m-b") that form a harmful topic or a trigger word. */
    private boolean spelledOut(RuleText normalised, List<Evidence> evidence) {
        boolean harmful = false;
        for (Range joined : normalised.joinedRanges()) {
            String term = rules.lexiconTermIn(normalised.text().substring(joined.start(), joined.end()));
            if (term != null) {
                Range span = normalised.originalSpan(joined.start(), joined.end());
                evidence.add(Evidence.of(AttackFamily.SPLIT_PAYLOAD, "spelled-out-word", SPLIT_WEIGHT, span.start(),
                        span.end(), "spelled-out letters form '" + term + "'"));
                harmful |= rules.isTopic(term);
            }
        }
        return harmful;
    }

    /** Fragments and variables concatenated into a word or request: rescanned as a payload. */
    private boolean concatenations(RuleText normalised, Scope scope, int depth, List<Evidence> evidence) {
        boolean harmful = false;
        for (Concatenations.Concatenation joined : Concatenations.find(normalised.text())) {
            Range span = normalised.originalSpan(joined.start(), joined.end());
            Scan inner = scan(joined.joined(), scope, depth + 1);
            String term = rules.lexiconTermIn(joined.joined().replace(" ", ""));
            boolean content = !inner.evidence().isEmpty() || inner.harmful() || term != null;
            if (content) {
                evidence.add(Evidence.of(AttackFamily.SPLIT_PAYLOAD, "concatenated-payload", SPLIT_WEIGHT + 0.05,
                        span.start(), span.end(), "concatenated pieces form '"
                                + (term != null ? term : "a flagged request") + "'"));
                relocate(inner.evidence(), span, "in concatenated pieces: ", evidence);
            }
            harmful |= inner.harmful() || term != null && rules.isTopic(term);
        }
        return harmful;
    }

    /** Base64, hex and percent-encoded runs: decoded, rescanned, reported at the run. */
    private boolean encoded(String text, Scope scope, int depth, List<Evidence> evidence) {
        boolean harmful = false;
        for (EncodedPayload payload : EncodedPayloads.find(text)) {
            Scan inner = scan(payload.decoded(), scope, depth + 1);
            harmful |= inner.harmful();
            addDecoded(payload.encoding(), payload.span(), inner, payload.decoded(), evidence);
        }
        return harmful;
    }

    /** A rot13 passage: the whole text rotated and rescanned (rot13 keeps every offset). */
    private boolean rot13(String text, Scope scope, int depth, List<Evidence> evidence) {
        Scan inner = scan(EncodedPayloads.rot13(text), scope, depth + 1);
        String decoded = EncodedPayloads.rot13(RuleTextNormalizer.normaliseText(text));
        boolean content = !inner.evidence().isEmpty() || inner.harmful() || rules.lexiconTermIn(decoded) != null;
        if (content) {
            int end = text.codePointCount(0, text.length());
            for (Evidence found : inner.evidence()) {
                evidence.add(found.relocated(found.start(), found.end(), "in rot13 text: "));
            }
            evidence.add(Evidence.of(AttackFamily.ENCODED_PAYLOAD, "encoded-rot13", DECODED_CONTENT_WEIGHT, 0, end,
                    "rot13 text hides a flagged request"));
        }
        return inner.harmful();
    }

    private void addDecoded(Encoding encoding, Range span, Scan inner, String decoded, List<Evidence> evidence) {
        String term = rules.lexiconTermIn(RuleTextNormalizer.normaliseText(decoded).replace(" ", ""));
        String name = encoding.name().toLowerCase(java.util.Locale.ROOT);
        if (!inner.evidence().isEmpty() || inner.harmful() || term != null) {
            relocate(inner.evidence(), span, "in " + name + " payload: ", evidence);
            evidence.add(Evidence.of(AttackFamily.ENCODED_PAYLOAD, "encoded-content-" + name, DECODED_CONTENT_WEIGHT,
                    span.start(), span.end(), name + " payload hides a flagged request"));
        } else {
            double weight = encoding == Encoding.PERCENT ? DECODED_URL_WEIGHT : DECODED_TEXT_WEIGHT;
            evidence.add(Evidence.of(AttackFamily.ENCODED_PAYLOAD, "encoded-text-" + name, weight, span.start(),
                    span.end(), name + " run decodes to text"));
        }
    }

    private static void relocate(List<Evidence> inner, Range span, String prefix, List<Evidence> evidence) {
        for (Evidence found : inner) {
            evidence.add(found.relocated(span.start(), span.end(), prefix));
        }
    }
}
