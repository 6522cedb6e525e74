package dev.warden.judge.rules;

import dev.warden.judge.rules.HazardLexicon.Role;
import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.guard.text.NormalizedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link HazardLexicon} matches of one normalised text, filtered: the ROT13 decision, homonyms, co-occurrences
 * and contained matches (see {@link HazardEvaluation} for the rules). Hits are indexed by role so that later
 * steps only visit the hits they need.
 */
final class LexiconScan {

    /**
     * A hazard match that survived the filters (a lexicon entry, or a co-occurrence of two); {@code key} tells
     * distinct entries apart (article variants of one entry share it).
     */
    record Hazard(HazardCategory category, double weight, int start, int end, int key, String label, boolean hidden,
            boolean rotated) {
    }

    /** A harmless reading that dropped hazard matches: from the homonym term to its object. */
    record Homonym(int start, int end, String term) {
    }

    final NormalizedText nt;
    final String t;
    final HazardLexicon lex;
    final Hits h = new Hits();
    /** Live hit indices per role ordinal, in scan order. */
    private final int[][] byRole;
    private final boolean[] live;
    final List<Homonym> homonyms = new ArrayList<>(0);
    final List<Hazard> hazards;
    /** The bias detector's phrases found (plain text only), ids in the detector's numbering. */
    final Hits biasHits = new Hits();

    LexiconScan(HazardLexicon lex, NormalizedText nt) {
        this.lex = lex;
        this.nt = nt;
        this.t = nt.text();
        lex.matcher.scan(nt, h);
        if (rot13Hinted()) {
            h.scanningRotated = true;
            lex.matcher.scan(nt.rot13(), h);
            h.scanningRotated = false;
        }
        live = new boolean[h.size];
        decideRot13();
        byRole = indexByRole();
        for (int i : hits(Role.BIAS)) {
            if (!h.rotated[i]) {
                biasHits.match(lex.group[h.id[i]], h.start[i], h.end[i]);
            }
        }
        suppressHomonyms();
        hazards = dropContained(collectHazards());
    }

    Role role(int i) {
        return lex.role[h.id[i]];
    }

    double weight(int i) {
        return lex.weight[h.id[i]];
    }

    String label(int i) {
        return lex.label[h.id[i]];
    }

    /** The live hits of a role, in scan order. */
    int[] hits(Role r) {
        return byRole[r.ordinal()];
    }

    boolean isLive(int i) {
        return live[i];
    }

    /** Whether the ROT13 hints found weigh enough to scan the rotated text too. */
    private boolean rot13Hinted() {
        double sum = 0;
        for (int i = 0; i < h.size; i++) {
            if (role(i) == Role.ROT13_HINT && firstOfItsId(i)) {
                sum += weight(i);
            }
        }
        return sum >= HazardLexicon.ROT13_HINTS_NEEDED;
    }

    private boolean firstOfItsId(int i) {
        for (int j = 0; j < i; j++) {
            if (h.id[j] == h.id[i]) {
                return false;
            }
        }
        return true;
    }

    /** ROT13 matches stay only when their hazards weigh at least a minimum and more than the plain ones. */
    private void decideRot13() {
        double plain = 0;
        double rotated = 0;
        for (int i = 0; i < h.size; i++) {
            if (role(i) == Role.HAZARD) {
                if (h.rotated[i]) {
                    rotated += weight(i);
                } else {
                    plain += weight(i);
                }
            }
        }
        boolean rotOn = rotated >= HazardEvaluation.ROT13_MIN_WEIGHT && rotated > plain;
        for (int i = 0; i < h.size; i++) {
            live[i] = !h.rotated[i] || (rotOn && role(i) != Role.ROT13_HINT);
        }
    }

    private int[][] indexByRole() {
        Role[] roles = Role.values();
        int[] count = new int[roles.length];
        for (int i = 0; i < h.size; i++) {
            if (live[i]) {
                count[role(i).ordinal()]++;
            }
        }
        int[][] out = new int[roles.length][];
        for (int r = 0; r < roles.length; r++) {
            out[r] = new int[count[r]];
            count[r] = 0;
        }
        for (int i = 0; i < h.size; i++) {
            if (live[i]) {
                int r = role(i).ordinal();
                out[r][count[r]++] = i;
            }
        }
        return out;
    }

    /** Drops hazard and co-occurrence hits overlapping a homonym term that is followed by a harmless object. */
    private void suppressHomonyms() {
        for (int i : hits(Role.HOMONYM_TERM)) {
            int line = lex.group[h.id[i]];
            int objectEnd = -1;
            if (lex.homonymAlways[line]) {
                objectEnd = h.end[i];
            } else {
                for (int j : hits(Role.HOMONYM_OBJECT)) {
                    if (lex.group[h.id[j]] == line && h.start[j] >= h.end[i]
                            && Windows.wordsBetween(t, h.end[i], h.start[j], 48) <= HazardEvaluation.HOMONYM_WORDS) {
                        objectEnd = h.end[j];
                        break;
                    }
                }
            }
            if (objectEnd >= 0 && suppressOverlapping(h.start[i], h.end[i])) {
                homonyms.add(new Homonym(h.start[i], objectEnd, label(i)));
            }
        }
    }

    private boolean suppressOverlapping(int s, int e) {
        boolean any = false;
        for (Role r : new Role[] {Role.HAZARD, Role.COOC_A, Role.COOC_B}) {
            for (int j : hits(r)) {
                if (live[j] && h.overlaps(j, s, e)) {
                    live[j] = false;
                    any = true;
                }
            }
        }
        return any;
    }

    private List<Hazard> collectHazards() {
        List<Hazard> out = new ArrayList<>();
        for (int i : hits(Role.HAZARD)) {
            if (live[i]) {
                int id = h.id[i];
                out.add(new Hazard(lex.category[id], weight(i), h.start[i], h.end[i], lex.group[id], label(i),
                        isHidden(i), h.rotated[i]));
            }
        }
        for (int i : hits(Role.COOC_A)) {
            if (!live[i]) {
                continue;
            }
            int rule = lex.group[h.id[i]];
            for (int j : hits(Role.COOC_B)) {
                if (live[j] && lex.group[h.id[j]] == rule && !h.overlaps(j, h.start[i], h.end[i])
                        && Windows.near(h.start[i], h.end[i], h.start[j], h.end[j], HazardEvaluation.COOC_WINDOW)) {
                    int s = Math.min(h.start[i], h.start[j]);
                    int e = Math.max(h.end[i], h.end[j]);
                    if (!Windows.crossesSentence(t, s, e)) {
                        out.add(new Hazard(lex.coocCategory[rule], lex.coocWeight[rule], s, e, lex.role.length + rule,
                                label(i) + " + " + label(j), isHidden(i), h.rotated[i]));
                        break;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Drops hazards lying inside a longer hazard, or spanning exactly what an earlier hazard of the same
     * category spans (a co-occurrence that repeats a lexicon phrase).
     */
    private static List<Hazard> dropContained(List<Hazard> all) {
        if (all.size() < 2) {
            return all;
        }
        List<Hazard> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            Hazard a = all.get(i);
            boolean inside = false;
            for (int j = 0; j < all.size() && !inside; j++) {
                Hazard b = all.get(j);
                if (j == i || b.start() > a.start() || a.end() > b.end()) {
                    continue;
                }
                int la = a.end() - a.start();
                int lb = b.end() - b.start();
                inside = lb > la || (lb == la && j < i && a.category() == b.category());
            }
            if (!inside) {
                out.add(a);
            }
        }
        return out;
    }

    private boolean isHidden(int i) {
        return h.rotated[i] || h.start[i] >= nt.mainLength();
    }

    /** Whether any hazard lies within {@code reach} chars of [s, e). */
    boolean nearHazard(int s, int e, int reach) {
        for (Hazard hz : hazards) {
            if (Windows.near(s, e, hz.start(), hz.end(), reach)) {
                return true;
            }
        }
        return false;
    }

    /** Whether [s, e) overlaps any hazard. */
    boolean insideHazard(int s, int e) {
        for (Hazard hz : hazards) {
            if (hz.start() < e && s < hz.end()) {
                return true;
            }
        }
        return false;
    }

    /** Noisy-OR of the weights of the distinct live hits of a role. */
    double noisyOr(Role r) {
        double keep = 1.0;
        int[] idx = hits(r);
        for (int k = 0; k < idx.length; k++) {
            int i = idx[k];
            boolean repeat = false;
            for (int q = 0; q < k && !repeat; q++) {
                repeat = h.id[idx[q]] == h.id[i];
            }
            if (!repeat) {
                keep *= 1 - weight(i);
            }
        }
        return 1 - keep;
    }

    @Override
    public String toString() {
        return "LexiconScan[" + h.size + " hits, " + hazards.size() + " hazards, roles " + Arrays.toString(
                Arrays.stream(byRole).mapToInt(a -> a.length).toArray()) + "]";
    }
}
