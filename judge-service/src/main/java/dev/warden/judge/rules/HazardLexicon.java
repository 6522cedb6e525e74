package dev.warden.judge.rules;

import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.guard.text.PhraseMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lexicons of the hazard scorer compiled into one {@link PhraseMatcher}, with each phrase id's role:
 * hazard phrases per category ({@code sNN-<category>.tsv}), intent, action, jailbreak and benign-context cues,
 * homonyms ({@code homonyms.tsv}) and co-occurrence rules ({@code cooccurrence.tsv}), plus ROT13 hints (common
 * words rotated) that tell the scorer to scan the rotated text too, and the {@link BiasDetector}'s phrases so
 * that one scan serves both.
 *
 * <p>Immutable after construction.
 */
final class HazardLexicon {

    /** The role of a phrase id. */
    enum Role {
        HAZARD, INTENT, ACTION, JAILBREAK, BENIGN, HOMONYM_TERM, HOMONYM_OBJECT, COOC_A, COOC_B, ROT13_HINT,
        /** A phrase of the {@link BiasDetector}, found in the same scan; its group is the detector's phrase id. */
        BIAS
    }

    /**
     * Common English words ROT13-rotated ("ubj gb" is "how to"), and mentions of ROT13 itself: when their
     * weights reach {@value #ROT13_HINTS_NEEDED}, the scorer also scans the rotated text.
     */
    private static final String[][] ROT13_HINTS = {
        {"1", "gur naq gb ubj lbh jung sbe jvgu guvf gung ner pna znxr gryy lbhe nobhg sebz unir jnf jvyy"},
        {"2", "rot13|rot 13|rot-13|caesar cipher"},
    };

    /** Sum of distinct ROT13 hint weights that makes the scorer scan the rotated text. */
    static final double ROT13_HINTS_NEEDED = 2;

    final PhraseMatcher matcher;
    /** Per phrase id. */
    final Role[] role;
    /** Per phrase id: the category of a hazard phrase or co-occurrence rule, else null. */
    final HazardCategory[] category;
    final double[] weight;
    /**
     * Per phrase id: for a hazard phrase, the id of its lexicon entry (variants share it); for a homonym or
     * co-occurrence phrase, its line or rule index; for a bias phrase, its id in the bias detector; else -1.
     */
    final int[] group;
    /** Per phrase id: the lexicon text for reasons. */
    final String[] label;
    /** Per homonym line: whether the term is harmless whatever follows. */
    final boolean[] homonymAlways;
    /** Per co-occurrence rule. */
    final HazardCategory[] coocCategory;
    final double[] coocWeight;

    private HazardLexicon(Builder b) {
        matcher = b.matcher.build();
        int n = b.roles.size();
        role = b.roles.toArray(new Role[0]);
        category = b.categories.toArray(new HazardCategory[0]);
        weight = b.weights.stream().mapToDouble(Double::doubleValue).toArray();
        group = b.groups.stream().mapToInt(Integer::intValue).toArray();
        label = b.labels.toArray(new String[0]);
        homonymAlways = new boolean[b.homonymAlways.size()];
        for (int i = 0; i < homonymAlways.length; i++) {
            homonymAlways[i] = b.homonymAlways.get(i);
        }
        coocCategory = b.coocCategories.toArray(new HazardCategory[0]);
        coocWeight = b.coocWeights.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The lexicon file of a category: {@code s09-indiscriminate-weapons.tsv}. */
    static String fileOf(HazardCategory c) {
        return String.format(Locale.ROOT, "s%02d-%s.tsv", c.number(), c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** Loads every hazard-scorer lexicon from the classpath, with the bias detector's phrases in the same matcher. */
    static HazardLexicon load(BiasDetector bias) {
        Builder b = new Builder();
        for (HazardCategory c : HazardCategory.all()) {
            for (LexiconFiles.Entry e : LexiconFiles.weighted(fileOf(c))) {
                int canonical = b.roles.size();
                for (String variant : determinerVariants(e.phrase().text())) {
                    b.add(new LexiconFiles.Phrase(variant, e.phrase().prefix(), e.phrase().where()), Role.HAZARD, c,
                            e.weight(), canonical, e.phrase());
                }
            }
        }
        addCues(b, "intent.tsv", Role.INTENT);
        addCues(b, "actions.tsv", Role.ACTION);
        addCues(b, "jailbreak.tsv", Role.JAILBREAK);
        addCues(b, "benign-context.tsv", Role.BENIGN);
        for (String[] hints : ROT13_HINTS) {
            for (String hint : hints[1].split(hints[1].contains("|") ? "\\|" : " ")) {
                b.add(LexiconFiles.phrase(hint, "ROT13 hints"), Role.ROT13_HINT, null, Double.parseDouble(hints[0]), -1);
            }
        }
        for (LexiconFiles.Line l : LexiconFiles.lines("homonyms.tsv", 2)) {
            int line = b.homonymAlways.size();
            boolean always = l.columns()[1].equals("*");
            b.homonymAlways.add(always);
            b.add(LexiconFiles.phrase(l.columns()[0], l.where()), Role.HOMONYM_TERM, null, 1.0, line);
            if (!always) {
                for (LexiconFiles.Phrase p : LexiconFiles.alternatives(l.columns()[1], l.where())) {
                    b.add(p, Role.HOMONYM_OBJECT, null, 1.0, line);
                }
            }
        }
        List<LexiconFiles.Phrase> biasPhrases = bias.phrases();
        for (int i = 0; i < biasPhrases.size(); i++) {
            b.add(biasPhrases.get(i), Role.BIAS, null, 1.0, i);
        }
        for (LexiconFiles.Line l : LexiconFiles.lines("cooccurrence.tsv", 4)) {
            HazardCategory c = HazardCategory.ofCode(l.columns()[0]).orElseThrow(() -> new IllegalArgumentException(
                    l.where() + ": unknown category '" + l.columns()[0] + "', expected one of " + HazardCategory.codes()));
            double w = LexiconFiles.weight(l.columns()[1], l.where());
            int rule = b.coocCategories.size();
            b.coocCategories.add(c);
            b.coocWeights.add(w);
            for (LexiconFiles.Phrase p : LexiconFiles.alternatives(l.columns()[2], l.where())) {
                b.add(p, Role.COOC_A, c, w, rule);
            }
            for (LexiconFiles.Phrase p : LexiconFiles.alternatives(l.columns()[3], l.where())) {
                b.add(p, Role.COOC_B, c, w, rule);
            }
        }
        return new HazardLexicon(b);
    }

    /** Articles that a hazard phrase may use interchangeably ("pick a lock" = "pick the lock"). */
    private static final List<String> ARTICLES = List.of("a", "an", "the");

    /**
     * A phrase and its variants with each of its first two articles replaced by the others, the phrase first:
     * "make a bomb" also matches "make the bomb" and "make an bomb".
     */
    static List<String> determinerVariants(String phrase) {
        List<String> out = new ArrayList<>();
        out.add(phrase);
        String[] words = phrase.split(" ");
        int replaced = 0;
        for (int w = 0; w < words.length && replaced < 2; w++) {
            if (!ARTICLES.contains(words[w])) {
                continue;
            }
            replaced++;
            int n = out.size();
            for (int k = 0; k < n; k++) {
                String[] base = out.get(k).split(" ");
                for (String article : ARTICLES) {
                    base[w] = article;
                    String v = String.join(" ", base);
                    if (!out.contains(v)) {
                        out.add(v);
                    }
                }
            }
        }
        return out;
    }

    private static void addCues(Builder b, String file, Role role) {
        for (LexiconFiles.Entry e : LexiconFiles.weighted(file)) {
            b.add(e.phrase(), role, null, e.weight(), -1);
        }
    }

    private static final class Builder {
        final PhraseMatcher.Builder matcher = PhraseMatcher.builder().pluralTolerant(true);
        final List<Role> roles = new ArrayList<>();
        final List<HazardCategory> categories = new ArrayList<>();
        final List<Double> weights = new ArrayList<>();
        final List<Integer> groups = new ArrayList<>();
        final List<String> labels = new ArrayList<>();
        final List<Boolean> homonymAlways = new ArrayList<>();
        final List<HazardCategory> coocCategories = new ArrayList<>();
        final List<Double> coocWeights = new ArrayList<>();

        void add(LexiconFiles.Phrase p, Role r, HazardCategory c, double w, int g) {
            add(p, r, c, w, g, p);
        }

        /** Adds a phrase whose reason names another (the lexicon entry a variant was made from). */
        void add(LexiconFiles.Phrase p, Role r, HazardCategory c, double w, int g, LexiconFiles.Phrase labelled) {
            matcher.add(p.text(), p.prefix());
            roles.add(r);
            categories.add(c);
            weights.add(w);
            groups.add(g);
            labels.add(labelled.prefix() ? labelled.text() + "*" : labelled.text());
        }
    }
}
