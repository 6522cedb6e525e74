package dev.warden.tools.guard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Benign twins of the constructed indirect injections: each {@code bipia_indirect_constructed} row is one
 * BIPIA attack string inserted into an email or code context, and every attack string is inserted into two
 * contexts. The lines two rows of one attack share are the attack; a row without them is its context as a
 * user would paste it, with no injection. Trained as negatives of the injection head, the twins teach it
 * the attack rather than the emails and code snippets around it (without them the model learned the
 * contexts: BIPIA's clean emails were flagged).
 *
 * <p>Only train rows are used, and a twin that is a near-copy ({@link NearDuplicates}'s rule) of any dev or
 * test row of any source is dropped, so no evaluated text, and no context of an evaluated injection, is
 * seen as a negative.
 */
public final class CleanContexts {

    /** The source whose rows are attack string + context. */
    public static final String SOURCE = "bipia_indirect_constructed";

    private CleanContexts() {
    }

    /** The twins of the split's train rows of {@link #SOURCE}, as benign rows ({@code <id>#clean}). */
    public static List<SafetyRow> of(DataSplit split) {
        List<SafetyRow> heldOut = new ArrayList<>(split.part(DataSplit.Part.DEV));
        heldOut.addAll(split.part(DataSplit.Part.TEST));
        return of(split.part(DataSplit.Part.TRAIN), heldOut);
    }

    /** The twins of {@code fit}'s rows of {@link #SOURCE}, leaving out any twin near a row of {@code heldOut}. */
    public static List<SafetyRow> of(List<SafetyRow> fit, List<SafetyRow> evaluated) {
        Map<String, List<SafetyRow>> byAttack = new LinkedHashMap<>();
        for (SafetyRow r : fit) {
            if (r.source().equals(SOURCE) && r.label() == SafetyRow.Label.INJECTION) {
                byAttack.computeIfAbsent(GroupKeys.explicitKey(r), k -> new ArrayList<>()).add(r);
            }
        }
        List<String> heldOut = evaluated.stream().map(SafetyRow::text).toList();
        Map<Long, List<Integer>> postings = postings(heldOut);
        int[] sizes = heldOut.stream().mapToInt(t -> NearDuplicates.shingles(t).length).toArray();
        List<SafetyRow> out = new ArrayList<>();
        for (List<SafetyRow> rows : byAttack.values()) {
            for (SafetyRow row : rows) {
                Set<String> attack = new HashSet<>();
                rows.stream().filter(o -> o != row).forEach(o -> attack.addAll(o.text().lines().toList()));
                List<String> kept = row.text().lines().filter(l -> l.isBlank() || !attack.contains(l)).toList();
                String clean = String.join("\n", kept).strip();
                if (clean.isEmpty() || clean.equals(row.text().strip()) || nearHeldOut(clean, postings, sizes)) {
                    continue;
                }
                out.add(new SafetyRow(clean, SafetyRow.Label.BENIGN, "clean context of " + row.category(),
                        row.source() + "_clean", row.id() + "#clean"));
            }
        }
        return out;
    }

    /**
     * The train rows of {@link #SOURCE} that hold an email whose clean form ({@link GroupKeys#CLEAN_EMAILS}) is in the
     * dev or test part: at least {@link GroupKeys#SAME_EMAIL} of that email's word 8-grams are in the row. Trained on,
     * they would show the model an evaluated benign email as part of a positive (the attack string is the group, so
     * the email itself may cross splits): a BIPIA email is then never trained on in any form when its clean form is
     * evaluated.
     */
    public static Set<SafetyRow> crossingEmails(DataSplit split) {
        List<SafetyRow> evaluated = new ArrayList<>(split.part(DataSplit.Part.DEV));
        evaluated.addAll(split.part(DataSplit.Part.TEST));
        return crossingEmails(split.part(DataSplit.Part.TRAIN), evaluated);
    }

    /**
     * The rows of {@code fit} that hold an email whose clean form is among {@code evaluated} (the rule of
     * {@link #crossingEmails(DataSplit)}, for any fit / evaluated division, such as a cross-fitting fold's).
     */
    public static Set<SafetyRow> crossingEmails(List<SafetyRow> fit, List<SafetyRow> evaluated) {
        List<String> emails = new ArrayList<>();
        evaluated.stream().filter(r -> r.source().equals(GroupKeys.CLEAN_EMAILS))
                .forEach(r -> emails.add(GroupKeys.email(r)));
        Map<Long, List<Integer>> postings = postings(emails);
        int[] sizes = emails.stream().mapToInt(t -> NearDuplicates.shingles(t).length).toArray();
        Set<SafetyRow> out = new HashSet<>();
        for (SafetyRow r : fit) {
            if (!r.source().equals(SOURCE)) {
                continue;
            }
            Map<Integer, Integer> shared = new HashMap<>();
            for (long h : NearDuplicates.shingles(r.text())) {
                for (int j : postings.getOrDefault(h, List.of())) {
                    shared.merge(j, 1, Integer::sum);
                }
            }
            if (shared.entrySet().stream().anyMatch(e -> sizes[e.getKey()] > 0
                    && e.getValue() >= GroupKeys.SAME_EMAIL * sizes[e.getKey()])) {
                out.add(r);
            }
        }
        return out;
    }

    private static Map<Long, List<Integer>> postings(List<String> texts) {
        Map<Long, List<Integer>> postings = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            for (long h : NearDuplicates.shingles(texts.get(i))) {
                postings.computeIfAbsent(h, k -> new ArrayList<>(2)).add(i);
            }
        }
        return postings;
    }

    private static boolean nearHeldOut(String text, Map<Long, List<Integer>> postings, int[] sizes) {
        long[] mine = NearDuplicates.shingles(text);
        Map<Integer, Integer> shared = new HashMap<>();
        for (long h : mine) {
            for (int j : postings.getOrDefault(h, List.of())) {
                shared.merge(j, 1, Integer::sum);
            }
        }
        for (Map.Entry<Integer, Integer> e : shared.entrySet()) {
            if (e.getValue() >= NearDuplicates.CONTAINMENT * Math.min(mine.length, sizes[e.getKey()])) {
                return true;
            }
        }
        return false;
    }
}
