package dev.warden.tools.guard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic train / dev / test split of a safety-train corpus by group ({@link GroupKeys}): within
 * each source the groups are ordered by SHA-256 of {@code seed:group} and walked in that order, a group
 * going to train while the middle of the group lies within the first {@value #TRAIN} of the source's rows,
 * to dev within the next {@value #DEV}, to test after. So every source is split about 70 / 15 / 15 by rows,
 * no group crosses splits, and the result depends only on the rows and the seed (not on their order).
 *
 * @param rows   the rows, in load order
 * @param groups the group of each row
 * @param splits the split of each row
 */
public record DataSplit(List<SafetyRow> rows, List<String> groups, List<Part> splits) {

    /** The three parts. */
    public enum Part {
        /** Trained on. */
        TRAIN,
        /** Thresholds calibrated on. */
        DEV,
        /** Only evaluated on. */
        TEST
    }

    /** Share of each source's rows in train. */
    public static final double TRAIN = 0.70;
    /** Share of each source's rows in dev. */
    public static final double DEV = 0.15;
    /** The seed of the shipped split. */
    public static final long SEED = 20261206L;

    /** Splits {@code rows} with {@link #SEED}. */
    public static DataSplit of(List<SafetyRow> rows) {
        return of(rows, SEED);
    }

    /** Splits {@code rows} with {@code seed}. */
    public static DataSplit of(List<SafetyRow> rows, long seed) {
        List<String> groups = GroupKeys.of(rows);
        Map<String, Map<String, Integer>> sizes = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            sizes.computeIfAbsent(rows.get(i).source(), s -> new HashMap<>()).merge(groups.get(i), 1, Integer::sum);
        }
        Map<String, Double> middle = middles(sizes, seed + ":");
        List<Part> parts = groups.stream().map(g -> middle.get(g) < TRAIN ? Part.TRAIN
                : middle.get(g) < TRAIN + DEV ? Part.DEV : Part.TEST).toList();
        return new DataSplit(List.copyOf(rows), groups, parts);
    }

    /** The rows of one part, in load order. */
    public List<SafetyRow> part(Part part) {
        List<SafetyRow> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (splits.get(i) == part) {
                out.add(rows.get(i));
            }
        }
        return out;
    }

    /**
     * This split without the rows of {@code sources}: every other row keeps its group and part (groups never cross
     * sources, so the rest is split exactly as with all rows).
     */
    public DataSplit without(java.util.Set<String> sources) {
        List<SafetyRow> keptRows = new ArrayList<>();
        List<String> keptGroups = new ArrayList<>();
        List<Part> keptParts = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (!sources.contains(rows.get(i).source())) {
                keptRows.add(rows.get(i));
                keptGroups.add(groups.get(i));
                keptParts.add(splits.get(i));
            }
        }
        return new DataSplit(List.copyOf(keptRows), List.copyOf(keptGroups), List.copyOf(keptParts));
    }

    /**
     * Assigns the groups of the rows in {@code parts} to {@code k} folds, the way {@link #of} assigns parts: within
     * each source the groups are walked in the order of SHA-256 of {@code fold:seed:group}, a group going to fold
     * {@code floor(k * middle)} where {@code middle} is the position of its middle row in the source's rows. So
     * every source is spread evenly over the folds and no group crosses folds.
     *
     * @return per row (in {@link #rows} order) its fold, or -1 for a row outside {@code parts}
     */
    public int[] folds(java.util.Set<Part> parts, int k) {
        if (k < 2) {
            throw new IllegalArgumentException("need at least 2 folds, got " + k);
        }
        Map<String, Map<String, Integer>> sizes = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            if (parts.contains(splits.get(i))) {
                sizes.computeIfAbsent(rows.get(i).source(), s -> new HashMap<>()).merge(groups.get(i), 1, Integer::sum);
            }
        }
        Map<String, Double> middle = middles(sizes, "fold:" + SEED + ":");
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = parts.contains(splits.get(i)) ? Math.min(k - 1, (int) Math.floor(k * middle.get(groups.get(i)))) : -1;
        }
        return out;
    }

    /**
     * Per group, where its middle row lies in its source (0..1) when each source's groups ({@code sizes}: source ->
     * group -> rows) are walked in the order of SHA-256 of {@code salt + group}.
     */
    private static Map<String, Double> middles(Map<String, Map<String, Integer>> sizes, String salt) {
        Map<String, Double> out = new HashMap<>();
        for (Map<String, Integer> bySource : sizes.values()) {
            List<String> order = new ArrayList<>(bySource.keySet());
            Map<String, String> hash = new HashMap<>();
            order.forEach(g -> hash.put(g, sha256(salt + g)));
            order.sort((a, b) -> {
                int c = hash.get(a).compareTo(hash.get(b));
                return c != 0 ? c : a.compareTo(b);
            });
            double total = bySource.values().stream().mapToInt(Integer::intValue).sum();
            double seen = 0;
            for (String g : order) {
                int size = bySource.get(g);
                out.put(g, (seen + size / 2.0) / total);
                seen += size;
            }
        }
        return out;
    }

    /** Rows per part. */
    public Map<Part, Integer> counts() {
        Map<Part, Integer> out = new EnumMap<>(Part.class);
        splits.forEach(p -> out.merge(p, 1, Integer::sum));
        return out;
    }

    static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder();
            for (byte b : d) {
                out.append(String.format("%02x", b));
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
