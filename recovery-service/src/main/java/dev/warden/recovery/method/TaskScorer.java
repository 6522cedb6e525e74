package dev.warden.recovery.method;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Scores task answers against references with the task's metric; every score is in [0, 1]. */
public final class TaskScorer {

    private static final Set<String> ARTICLES = Set.of("a", "an", "the");

    private TaskScorer() {
    }

    /** The mean score of {@code answers} against {@code references} (same length, in order). */
    public static double mean(TaskMetric metric, List<String> answers, List<String> references) {
        if (answers.size() != references.size()) {
            throw new IllegalArgumentException(answers.size() + " answers for " + references.size() + " references");
        }
        if (answers.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < answers.size(); i++) {
            sum += score(metric, answers.get(i), references.get(i));
        }
        return sum / answers.size();
    }

    /** The score of one answer. */
    public static double score(TaskMetric metric, String answer, String reference) {
        switch (metric) {
            case EXACT_MATCH:
                return answer.strip().equals(reference.strip()) ? 1 : 0;
            case ROUGE1:
                return overlapF1(words(answer, false), words(reference, false));
            case F1:
                return overlapF1(words(answer, true), words(reference, true));
            default:
                throw new IllegalArgumentException("unknown metric " + metric);
        }
    }

    /**
     * Unigram-overlap F-measure (counts clipped per word). ROUGE-1 keeps every word; SQuAD F1 lower-cases,
     * drops punctuation and articles first. Both empty: 1; one empty: 0.
     */
    private static double overlapF1(List<String> answer, List<String> reference) {
        if (answer.isEmpty() && reference.isEmpty()) {
            return 1;
        }
        if (answer.isEmpty() || reference.isEmpty()) {
            return 0;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String w : reference) {
            counts.merge(w, 1, Integer::sum);
        }
        int common = 0;
        for (String w : answer) {
            Integer c = counts.get(w);
            if (c != null && c > 0) {
                common++;
                counts.put(w, c - 1);
            }
        }
        if (common == 0) {
            return 0;
        }
        double precision = (double) common / answer.size();
        double recall = (double) common / reference.size();
        return 2 * precision * recall / (precision + recall);
    }

    private static List<String> words(String text, boolean squad) {
        String t = text.toLowerCase(Locale.ROOT);
        if (squad) {
            t = t.replaceAll("\\p{Punct}", " ");
        }
        List<String> out = new ArrayList<>();
        for (String w : t.trim().split("\\s+")) {
            if (!w.isEmpty() && !(squad && ARTICLES.contains(w))) {
                out.add(w);
            }
        }
        return out;
    }
}
