package dev.warden.tools.guard;

import dev.warden.guard.learned.GuardHead;
import java.util.Arrays;

/**
 * What a row teaches each head ({@link GuardExample}'s targets and weights):
 * <table>
 *   <caption>targets per label (- = not trained on: weight 0)</caption>
 *   <tr><th>label</th><th>ANY_HARM</th><th>S1..S14</th><th>JAILBREAK</th><th>INJECTION</th></tr>
 *   <tr><td>benign</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
 *   <tr><td>harmful</td><td>1</td><td>1 for the mapped category, 0 for the others; - when it maps to none</td><td>0</td><td>0</td></tr>
 *   <tr><td>jailbreak</td><td>1 (a wrapped harmful request)</td><td>as harmful</td><td>1</td><td>-</td></tr>
 *   <tr><td>injection</td><td>-</td><td>-</td><td>-</td><td>1</td></tr>
 *   <tr><td>project corpus, harmful</td><td>1</td><td>its categories</td><td>-</td><td>-</td></tr>
 *   <tr><td>project corpus, benign or lookalike</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
 * </table>
 * Injections and jailbreaks overlap (an injection often overrides instructions the way a jailbreak does),
 * so neither teaches the other's head.
 */
public final class GuardLabels {

    private static final int K = GuardHead.COUNT;
    private static final int ANY = GuardHead.ANY_HARM.ordinal();
    private static final int JAILBREAK = GuardHead.JAILBREAK.ordinal();
    private static final int INJECTION = GuardHead.INJECTION.ordinal();

    private GuardLabels() {
    }

    /** The example of a safety-train row, every trained head weighted {@code weight}. */
    public static GuardExample of(SafetyRow row, float weight) {
        float[] y = new float[K];
        float[] w = new float[K];
        Arrays.fill(w, weight);
        int category = CategoryMap.of(row);
        switch (row.label()) {
            case BENIGN -> { }
            case HARMFUL -> {
                y[ANY] = 1f;
                categories(y, w, category);
            }
            case JAILBREAK -> {
                y[ANY] = 1f;
                y[JAILBREAK] = 1f;
                categories(y, w, category);
                w[INJECTION] = 0f;
            }
            case INJECTION -> {
                Arrays.fill(w, 0f);
                y[INJECTION] = 1f;
                w[INJECTION] = weight;
            }
        }
        return new GuardExample(row.text(), y, w, row.source());
    }

    /** The example of a project-corpus prompt, every trained head weighted {@code weight}. */
    public static GuardExample of(WardenCorpus.Prompt prompt, float weight) {
        float[] y = new float[K];
        float[] w = new float[K];
        Arrays.fill(w, weight);
        if (prompt.harmful()) {
            y[ANY] = 1f;
            for (int s : prompt.categories()) {
                y[s - 1] = 1f;
            }
            w[JAILBREAK] = 0f;
            w[INJECTION] = 0f;
        }
        return new GuardExample(prompt.text(), y, w, "warden-corpus");
    }

    private static void categories(float[] y, float[] w, int category) {
        if (category == CategoryMap.NONE) {
            Arrays.fill(w, 0, GuardHead.CATEGORIES, 0f);
        } else {
            y[category - 1] = 1f;
        }
    }
}
