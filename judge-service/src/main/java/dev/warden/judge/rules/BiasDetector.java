package dev.warden.judge.rules;

import dev.warden.guard.text.NormalizedText;
import dev.warden.guard.text.PhraseMatcher;
import dev.warden.guard.text.Span;
import dev.warden.guard.text.TextNormalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Scores stereotyping and demeaning generalisation about groups: a group term ({@code bias-groups.tsv}:
 * ethnicities, religions, nationalities, genders, sexual orientations, ages, disabilities) framed by a
 * generalisation pattern ({@code bias-generalisations.tsv}: "all {group}", "{group} are always", "typical
 * {group}", "{group} can't") and tied to a negative trait ({@code bias-traits.tsv}) in the same sentence;
 * counter-cues ({@code bias-counter.tsv}: "it is a stereotype that", "not all") in that sentence weaken it.
 *
 * <p>Per group match: {@code gen} is the strongest pattern around it (its text before the group ending at
 * most {@value #PATTERN_GAP} chars before, its text after starting at most that far after); {@code trait} the
 * strongest trait after the group in the same sentence within {@value #TRAIT_AFTER} chars, or just before it
 * within {@value #TRAIT_BEFORE} ("lazy X"), not negated ("are not lazy" does not count); then
 * <pre>
 *   s = 1 - (1 - 0.7 trait)(1 - 0.7 gen)   with a trait;   s = 0.25 gen   without one;   s = 0.1 gen   when
 *                                                                                      the trait is negated
 *   s = s (1 - 0.8 counter)
 * </pre>
 * A group match inside another (the plural-tolerant "immigrant" inside "immigrants") counts once.
 * The text's score is the larger of the strongest {@code s} and the noisy-OR of those with a trait; spans are
 * reported for every {@code s >= }{@value #REPORT_AT}.
 *
 * <p>Immutable and thread-safe.
 */
public final class BiasDetector {

    /** Group classes a {@code bias-groups.tsv} line may name. */
    public static final Set<String> GROUP_CLASSES = Set.of("ethnicity", "religion", "nationality", "gender",
            "orientation", "age", "disability", "origin", "class", "body");

    static final int PATTERN_GAP = 12;
    static final int TRAIT_AFTER = 80;
    static final int TRAIT_BEFORE = 24;
    static final double REPORT_AT = 0.2;
    /** Factor of the generalisation when its only trait is negated ("X are not lazy"). */
    private static final double NEGATED = 0.1;
    private static final Set<String> NEGATORS = Set.of("not", "arent", "isnt", "never", "no", "nor", "hardly",
            "werent", "wasnt", "rarely");

    private enum Role { GROUP, PRE, POST, TRAIT, COUNTER }

    private final PhraseMatcher matcher;
    private final List<LexiconFiles.Phrase> phrases;
    private final Role[] role;
    private final double[] weight;
    private final int[] pattern;
    private final String[] label;
    private final String[] patternText;
    private final boolean[] patternHasPre;
    private final boolean[] patternHasPost;
    private final double[] patternWeight;

    private BiasDetector(Builder b) {
        matcher = b.matcher.build();
        phrases = List.copyOf(b.phrases);
        role = b.roles.toArray(new Role[0]);
        weight = b.weights.stream().mapToDouble(Double::doubleValue).toArray();
        pattern = b.patterns.stream().mapToInt(Integer::intValue).toArray();
        label = b.labels.toArray(new String[0]);
        patternText = b.patternText.toArray(new String[0]);
        int np = patternText.length;
        patternHasPre = new boolean[np];
        patternHasPost = new boolean[np];
        patternWeight = new double[np];
        for (int p = 0; p < np; p++) {
            patternHasPre[p] = b.patternPre.get(p);
            patternHasPost[p] = b.patternPost.get(p);
            patternWeight[p] = b.patternWeights.get(p);
        }
    }

    /** Loads the detector from the classpath lexicons {@code bias-*.tsv}. */
    public static BiasDetector load() {
        Builder b = new Builder();
        for (LexiconFiles.Line l : LexiconFiles.lines("bias-groups.tsv", 2)) {
            String cls = l.columns()[0].toLowerCase(Locale.ROOT);
            if (!GROUP_CLASSES.contains(cls)) {
                throw new IllegalArgumentException(l.where() + ": unknown group class '" + cls + "', expected one of "
                        + GROUP_CLASSES);
            }
            LexiconFiles.Phrase p = LexiconFiles.phrase(l.columns()[1], l.where());
            b.add(p, Role.GROUP, 1.0, -1, p.text() + "' (" + cls + ")");
        }
        for (LexiconFiles.Line l : LexiconFiles.lines("bias-generalisations.tsv", 2)) {
            b.addPattern(l);
        }
        for (LexiconFiles.Entry e : LexiconFiles.weighted("bias-traits.tsv")) {
            b.add(e.phrase(), Role.TRAIT, e.weight(), -1, e.phrase().text());
        }
        for (LexiconFiles.Entry e : LexiconFiles.weighted("bias-counter.tsv")) {
            b.add(e.phrase(), Role.COUNTER, e.weight(), -1, e.phrase().text());
        }
        return new BiasDetector(b);
    }

    /**
     * The detector's phrases in id order, so that a bigger matcher (the hazard scorer's) can find them in the
     * same scan; it must be plural-tolerant like this detector's own.
     */
    List<LexiconFiles.Phrase> phrases() {
        return phrases;
    }

    /** Assesses a text as submitted. */
    public BiasResult assess(String text) {
        return assess(TextNormalizer.standard().normalize(Objects.requireNonNull(text, "text")));
    }

    /** Assesses a normalised text. */
    public BiasResult assess(NormalizedText nt) {
        Hits h = new Hits();
        matcher.scan(nt, h);
        return assess(nt, h);
    }

    /** Assesses a normalised text from matches of {@link #phrases()} (ids as there) found by another scan. */
    BiasResult assess(NormalizedText nt, Hits h) {
        String t = nt.text();
        if (h.size == 0) {
            return BiasResult.NONE;
        }
        double best = 0;
        double keepTraits = 1.0;
        List<Span> spans = new ArrayList<>();
        for (int g = 0; g < h.size; g++) {
            if (role[h.id[g]] != Role.GROUP || coveredByAnotherGroup(h, g)) {
                continue;
            }
            Instance in = instance(t, h, g);
            if (in.score <= 0) {
                continue;
            }
            best = Math.max(best, in.score);
            if (in.trait >= 0) {
                keepTraits *= 1 - in.score;
            }
            if (in.score >= REPORT_AT) {
                spans.add(nt.span(in.start, in.end, in.reason));
            }
        }
        double score = Math.min(1.0, Math.max(best, 1 - keepTraits));
        if (score == 0) {
            return BiasResult.NONE;
        }
        spans.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return new BiasResult(score, spans);
    }

    /** Whether another group match spans group match {@code g} (longer, or the same span found earlier). */
    private boolean coveredByAnotherGroup(Hits h, int g) {
        for (int o = 0; o < h.size; o++) {
            if (o != g && role[h.id[o]] == Role.GROUP && h.start[o] <= h.start[g] && h.end[g] <= h.end[o]) {
                int lo = h.end[o] - h.start[o];
                int lg = h.end[g] - h.start[g];
                if (lo > lg || o < g) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One group mention with its pattern, trait and counter-cue. */
    private record Instance(double score, int start, int end, int trait, String reason) {
    }

    private Instance instance(String t, Hits h, int g) {
        int gs = h.start[g];
        int ge = h.end[g];
        int sentenceStart = gs;
        while (sentenceStart > 0 && !Windows.isBoundary(t, sentenceStart - 1) && gs - sentenceStart < 200) {
            sentenceStart--;
        }
        int sentenceEnd = ge;
        while (sentenceEnd < t.length() && !Windows.isBoundary(t, sentenceEnd) && sentenceEnd - ge < 200) {
            sentenceEnd++;
        }
        int np = patternText.length;
        int[] preStart = new int[np];
        int[] postEnd = new int[np];
        Arrays.fill(preStart, -1);
        Arrays.fill(postEnd, -1);
        boolean any = false;
        for (int i = 0; i < h.size; i++) {
            Role r = role[h.id[i]];
            if (r == Role.PRE && h.end[i] <= gs && gs - h.end[i] <= PATTERN_GAP
                    && !Windows.crossesSentence(t, h.end[i], gs)) {
                preStart[pattern[h.id[i]]] = h.start[i];
                any = true;
            } else if (r == Role.POST && h.start[i] >= ge && h.start[i] - ge <= PATTERN_GAP
                    && !Windows.crossesSentence(t, ge, h.start[i])) {
                postEnd[pattern[h.id[i]]] = h.end[i];
                any = true;
            }
        }
        int start = gs;
        int end = ge;
        double gen = 0;
        int bestPattern = -1;
        for (int p = 0; any && p < np; p++) {
            boolean fits = (!patternHasPre[p] || preStart[p] >= 0) && (!patternHasPost[p] || postEnd[p] >= 0);
            if (fits && patternWeight[p] > gen) {
                gen = patternWeight[p];
                bestPattern = p;
            }
        }
        if (bestPattern >= 0) {
            start = patternHasPre[bestPattern] ? preStart[bestPattern] : gs;
            end = patternHasPost[bestPattern] ? postEnd[bestPattern] : ge;
        }
        double trait = 0;
        int traitHit = -1;
        boolean negatedTrait = false;
        double counter = 0;
        for (int i = 0; i < h.size; i++) {
            Role r = role[h.id[i]];
            if (r == Role.COUNTER && h.start[i] >= sentenceStart && h.end[i] <= sentenceEnd) {
                counter = Math.max(counter, weight[h.id[i]]);
            } else if (r == Role.TRAIT && traitFits(t, h, i, gs, ge, sentenceStart, sentenceEnd)) {
                if (negated(t, h.start[i])) {
                    negatedTrait = true;
                } else if (weight[h.id[i]] > trait) {
                    trait = weight[h.id[i]];
                    traitHit = i;
                }
            }
        }
        double s;
        if (traitHit >= 0) {
            s = 1 - (1 - 0.7 * trait) * (1 - 0.7 * gen);
            start = Math.min(start, h.start[traitHit]);
            end = Math.max(end, h.end[traitHit]);
        } else {
            s = (negatedTrait ? NEGATED : 0.25) * gen;
        }
        s *= 1 - 0.8 * counter;
        StringBuilder why = new StringBuilder("stereotype: group '").append(label[h.id[g]]);
        if (bestPattern >= 0) {
            why.append(" + pattern '").append(patternText[bestPattern]).append('\'');
        }
        if (traitHit >= 0) {
            why.append(" + trait '").append(label[h.id[traitHit]]).append('\'');
        }
        if (counter > 0) {
            why.append(" (counter-cue)");
        }
        return new Instance(s, start, end, traitHit, why.toString());
    }

    private static boolean traitFits(String t, Hits h, int i, int gs, int ge, int sentenceStart, int sentenceEnd) {
        if (h.start[i] < sentenceStart || h.end[i] > sentenceEnd) {
            return false;
        }
        if (h.start[i] >= ge) {
            return h.start[i] - ge <= TRAIT_AFTER;
        }
        return h.end[i] <= gs && gs - h.end[i] <= TRAIT_BEFORE && !Windows.crossesSentence(t, h.end[i], gs);
    }

    /** Whether the word before {@code start} negates what follows. */
    private static boolean negated(String t, int start) {
        int e = start;
        while (e > 0 && !PhraseMatcher.isWordChar(t.charAt(e - 1))) {
            e--;
        }
        int s = e;
        while (s > 0 && PhraseMatcher.isWordChar(t.charAt(s - 1))) {
            s--;
        }
        return s < e && NEGATORS.contains(t.substring(s, e));
    }

    private static final class Builder {
        final PhraseMatcher.Builder matcher = PhraseMatcher.builder().pluralTolerant(true);
        final List<LexiconFiles.Phrase> phrases = new ArrayList<>();
        final List<Role> roles = new ArrayList<>();
        final List<Double> weights = new ArrayList<>();
        final List<Integer> patterns = new ArrayList<>();
        final List<String> labels = new ArrayList<>();
        final List<String> patternText = new ArrayList<>();
        final List<Boolean> patternPre = new ArrayList<>();
        final List<Boolean> patternPost = new ArrayList<>();
        final List<Double> patternWeights = new ArrayList<>();

        void add(LexiconFiles.Phrase p, Role r, double w, int pat, String lbl) {
            matcher.add(p.text(), p.prefix());
            phrases.add(p);
            roles.add(r);
            weights.add(w);
            patterns.add(pat);
            labels.add(lbl);
        }

        void addPattern(LexiconFiles.Line l) {
            double w = LexiconFiles.weight(l.columns()[0], l.where());
            String raw = l.columns()[1];
            int at = raw.indexOf("{group}");
            if (at < 0 || raw.indexOf("{group}", at + 1) >= 0) {
                throw new IllegalArgumentException(l.where() + ": a pattern needs exactly one {group}: '" + raw + "'");
            }
            String before = raw.substring(0, at).strip();
            String after = raw.substring(at + "{group}".length()).strip();
            if (before.isEmpty() && after.isEmpty()) {
                throw new IllegalArgumentException(l.where() + ": a pattern needs words around {group}");
            }
            int p = patternText.size();
            patternText.add(raw);
            patternPre.add(!before.isEmpty());
            patternPost.add(!after.isEmpty());
            patternWeights.add(w);
            if (!before.isEmpty()) {
                add(LexiconFiles.phrase(before, l.where()), Role.PRE, w, p, before);
            }
            if (!after.isEmpty()) {
                add(LexiconFiles.phrase(after, l.where()), Role.POST, w, p, after);
            }
        }
    }
}
