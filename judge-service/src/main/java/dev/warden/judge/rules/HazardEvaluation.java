package dev.warden.judge.rules;

import dev.warden.judge.rules.HazardLexicon.Role;
import dev.warden.judge.rules.LexiconScan.Hazard;
import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.guard.text.DecodedSegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Scores one text from its {@link LexiconScan}: evidence per hazard category, and the matches behind it.
 *
 * <p>The text is scanned once ({@link LexiconScan}); when ROT13 hints (rotated common words, a mention of ROT13) weigh enough, the
 * ROT13-rotated text is scanned too. Per category {@code c}, with the hazard matches of {@code c} that survive
 * the filters below:
 * <pre>
 *   p  = 1 - prod(1 - w)                       noisy-OR of the distinct matched entries' weights
 *   z0 = logit(p) + 2.0 A + 2.0 I + 1.5 J       A: strongest action verb just before a match (48 chars;
 *                                                  one just after counts 0.75 times)
 *                                               I: strongest intent cue near a match (200 chars)
 *                                               J: jailbreak framing anywhere (noisy-OR)
 *   z  = z0 - 3.0 B                             B: strongest benign-context cue near a match (300 chars),
 *                                                  not itself inside a hazard match ("fake news")
 *   score = sigmoid(z), but not below floor when sigmoid(z0) >= floor and B > 0
 * </pre>
 * so benign context lowers a hazard to unsure, never to sure safe ({@code floor} is
 * {@link RuleOptions#sureSafeBelow()}). Filters, in order: ROT13-rotated matches count only when they weigh
 * more than the plain ones (at least {@value #ROT13_MIN_WEIGHT}); a hazard match overlapping a homonym term
 * followed within {@value #HOMONYM_WORDS} words by one of its harmless objects is dropped; a hazard match
 * inside a longer hazard match is dropped (the longer one counts), and so is a co-occurrence spanning exactly
 * a lexicon phrase of its category. Two co-occurrence phrases of one rule within
 * {@value #COOC_WINDOW} chars of each other in one sentence count as one hazard match of the rule's weight. A
 * hazard found only in a decoded payload or ROT13 adds {@value #OBFUSCATION} to the jailbreak framing.
 */
final class HazardEvaluation {

    static final int ACTION_WINDOW = 48;
    static final int INTENT_WINDOW = 200;
    static final int BENIGN_WINDOW = 300;
    static final int HOMONYM_WORDS = 4;
    static final int COOC_WINDOW = 60;
    static final double ROT13_MIN_WEIGHT = 0.5;
    /** Factor of an action verb that follows the hazard ("drugs that can be synthesized"). */
    static final double ACTION_AFTER = 0.75;
    static final double OBFUSCATION = 0.5;
    static final double ACTION_GAIN = 2.0;
    static final double INTENT_GAIN = 2.0;
    static final double JAILBREAK_GAIN = 1.5;
    static final double BENIGN_GAIN = 3.0;
    /** Most matches reported per text. */
    static final int MAX_MATCHES = 64;

    /** Suspicion of a text with more matches than a scan keeps ({@link Hits#MAX}): enough to make it unsure. */
    static final double OVERFLOW_SUSPICION = 0.5;

    /** Intent cues at least this strong (evasion: "without getting caught") make a text suspicious by themselves. */
    static final double EVASION_AT = 0.8;

    /**
     * The result for one text.
     *
     * @param scores     per category, in S-code order
     * @param jailbreak  jailbreak framing in [0, 1]
     * @param suspicion  the largest of the jailbreak framing, the strongest evasion cue (intent at least
     *                   {@value #EVASION_AT}) and {@value #OVERFLOW_SUSPICION} when the scan dropped matches,
     *                   hazard found or not: what keeps a text from being sure safe
     * @param matches    in text order
     */
    record Outcome(double[] scores, double jailbreak, double suspicion, List<RuleMatch> matches) {
    }

    private final LexiconScan scan;
    private final Side side;

    private HazardEvaluation(LexiconScan scan, Side side) {
        this.scan = scan;
        this.side = side;
    }

    /** Scores a scanned text; {@code floor} is the sure-safe threshold benign context cannot push below. */
    static Outcome evaluate(LexiconScan scan, Side side, double floor) {
        return new HazardEvaluation(scan, side).run(floor);
    }

    private Outcome run(double floor) {
        List<Hazard> hazards = scan.hazards;
        double jailbreak = scan.noisyOr(Role.JAILBREAK);
        if (hazards.stream().anyMatch(Hazard::hidden)) {
            jailbreak = 1 - (1 - jailbreak) * (1 - OBFUSCATION);
        }
        int nc = HazardCategory.all().size();
        double[] keep = new double[nc];
        Arrays.fill(keep, 1.0);
        double[] action = new double[nc];
        double[] intent = new double[nc];
        double[] benign = new double[nc];
        List<RuleMatch> matches = new ArrayList<>();
        int[] counted = new int[hazards.size()];
        int distinct = 0;
        for (Hazard hz : hazards) {
            int c = hz.category().number() - 1;
            if (!contains(counted, distinct, hz.key())) {
                counted[distinct++] = hz.key();
                keep[c] *= 1 - hz.weight();
            }
            action[c] = Math.max(action[c], strongestAction(hz));
            intent[c] = Math.max(intent[c], strongestIntent(hz));
            benign[c] = Math.max(benign[c], strongestBenign(hz));
            if (matches.size() < MAX_MATCHES) {
                matches.add(RuleMatch.hazard(hz.category(), side, scan.nt.span(hz.start(), hz.end(), reason(hz)),
                        hz.weight()));
            }
        }
        double[] scores = new double[nc];
        for (int c = 0; c < nc; c++) {
            if (keep[c] == 1.0) {
                continue;
            }
            double z0 = Windows.logit(Math.min(1 - keep[c], 0.995)) + ACTION_GAIN * action[c] + INTENT_GAIN * intent[c]
                    + JAILBREAK_GAIN * jailbreak;
            double s0 = Windows.sigmoid(z0);
            double s = Windows.sigmoid(z0 - BENIGN_GAIN * benign[c]);
            if (benign[c] > 0 && s0 >= floor && s < floor) {
                s = floor;
            }
            scores[c] = s;
        }
        for (LexiconScan.Homonym hm : scan.homonyms) {
            matches.add(RuleMatch.cue(MatchKind.HOMONYM, side, scan.nt.span(hm.start(), hm.end(),
                    "homonym '" + hm.term() + "'"), 1.0));
        }
        addCueMatches(matches);
        matches.sort(Comparator.comparingInt((RuleMatch m) -> m.span().start()).thenComparingInt(m -> m.span().end()));
        List<RuleMatch> capped = matches.size() > MAX_MATCHES ? matches.subList(0, MAX_MATCHES) : matches;
        double evasion = 0;
        for (int i : scan.hits(Role.INTENT)) {
            if (scan.weight(i) >= EVASION_AT) {
                evasion = Math.max(evasion, scan.weight(i));
            }
        }
        jailbreak = Math.min(1.0, jailbreak);
        double overflow = scan.h.overflowed ? OVERFLOW_SUSPICION : 0.0;
        return new Outcome(scores, jailbreak, Math.max(Math.max(jailbreak, evasion), overflow), capped);
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    /** The strongest action verb just before the hazard, or (discounted) just after it. */
    private double strongestAction(Hazard hz) {
        Hits h = scan.h;
        String t = scan.t;
        double best = 0;
        for (int i : scan.hits(Role.ACTION)) {
            if (h.end[i] <= hz.start() && hz.start() - h.end[i] <= ACTION_WINDOW
                    && !Windows.crossesSentence(t, h.end[i], hz.start())) {
                best = Math.max(best, scan.weight(i));
            } else if (h.start[i] >= hz.end() && h.start[i] - hz.end() <= ACTION_WINDOW
                    && !Windows.crossesSentence(t, hz.end(), h.start[i])) {
                best = Math.max(best, ACTION_AFTER * scan.weight(i));
            }
        }
        return best;
    }

    private double strongestIntent(Hazard hz) {
        Hits h = scan.h;
        double best = 0;
        for (int i : scan.hits(Role.INTENT)) {
            if (Windows.near(h.start[i], h.end[i], hz.start(), hz.end(), INTENT_WINDOW)) {
                best = Math.max(best, scan.weight(i));
            }
        }
        return best;
    }

    /** The strongest benign-context cue near the hazard that is not itself part of a hazard ("fake news"). */
    private double strongestBenign(Hazard hz) {
        Hits h = scan.h;
        double best = 0;
        for (int i : scan.hits(Role.BENIGN)) {
            if (scan.weight(i) > best && Windows.near(h.start[i], h.end[i], hz.start(), hz.end(), BENIGN_WINDOW)
                    && !scan.insideHazard(h.start[i], h.end[i])) {
                best = scan.weight(i);
            }
        }
        return best;
    }

    /**
     * Cue matches: jailbreak framing and evasion cues always; other intent, action and benign context only
     * within reach of a hazard.
     */
    private void addCueMatches(List<RuleMatch> matches) {
        addCues(matches, Role.JAILBREAK, MatchKind.JAILBREAK, -1);
        addCues(matches, Role.INTENT, MatchKind.INTENT, INTENT_WINDOW);
        addCues(matches, Role.ACTION, MatchKind.ACTION, ACTION_WINDOW);
        addCues(matches, Role.BENIGN, MatchKind.BENIGN_CONTEXT, BENIGN_WINDOW);
    }

    private void addCues(List<RuleMatch> matches, Role role, MatchKind kind, int reach) {
        Hits h = scan.h;
        for (int i : scan.hits(role)) {
            if (matches.size() >= MAX_MATCHES) {
                return;
            }
            int s = h.start[i];
            int e = h.end[i];
            boolean evasion = role == Role.INTENT && scan.weight(i) >= EVASION_AT;
            if (reach < 0 || evasion || scan.nearHazard(s, e, reach)) {
                String why = kind.label() + " '" + scan.label(i) + "'" + where(s, h.rotated[i]);
                matches.add(RuleMatch.cue(kind, side, scan.nt.span(s, e, why), scan.weight(i)));
            }
        }
    }

    private String reason(Hazard hz) {
        return hz.category().code() + " '" + hz.label() + "'" + where(hz.start(), hz.rotated());
    }

    /** " in base64 payload", " in rot13" or "" for a match starting at {@code start}. */
    private String where(int start, boolean rot) {
        Optional<DecodedSegment> seg = scan.nt.segmentAt(start);
        if (seg.isPresent()) {
            return " in " + seg.get().kind().label() + " payload";
        }
        return rot ? " in rot13" : "";
    }
}
