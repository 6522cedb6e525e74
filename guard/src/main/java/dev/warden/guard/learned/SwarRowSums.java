package dev.warden.guard.learned;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Signed sums of 17-byte int8 weight rows, per feature group, added in SWAR fashion: the kernel of the
 * learned models' scoring (one row per hashed feature occurrence, 17 heads). The same kernel adds rows of a
 * width that is a multiple of 8 ({@link #SwarRowSums(byte[], int, int)}: the guard's hidden-layer models, whose rows
 * are H-wide embeddings), 16 bytes without the 17th, other widths 8 bytes at a time.
 *
 * <p>{@link #add} only records an occurrence (its bucket, the sign in the top bit); {@link #finish} adds the
 * recorded rows group by group in one tight loop whose row reads do not wait on each other, so that the
 * cache misses of a large table overlap. The table ({@link RowTable}) holds a row's first 16 bytes biased
 * ({@link #biased}: {@code w + 128}, unsigned) as two longs, and its 17th byte signed in an array of its own; the
 * 16 bytes are added into packed 16-bit lanes
 * (four longs, held in registers: even and odd bytes of each long), a negative occurrence adding
 * {@code 256 - (w + 128)} lane-wise, computed branch-free. Every occurrence adds at most 255 to a lane, so the
 * lanes are moved into int sums every 256 occurrences and the bias of 128 per occurrence is taken off there.
 * The sums are exact: the same integers as adding the signed weights one by one, in any order. Not
 * thread-safe: one per thread.
 */
public final class SwarRowSums {

    /** Bytes per row: the heads. */
    public static final int ROW = 17;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Selects the even bytes of a long into 16-bit lanes. */
    private static final long LOW_BYTES = 0x00FF00FF00FF00FFL;
    /** 256 in every 16-bit lane, plus one: {@code (~r) + K1 == 256 - r} lane-wise. */
    private static final long K1 = 0x0100010001000100L + 1L;
    /** Occurrences added into the lanes before they are moved into the int sums. */
    private static final int FLUSH = 256;
    /** The top bit of an occurrence ({@link #addAll}): set for a negative one; the bucket is in the low bits. */
    public static final int NEGATIVE = Integer.MIN_VALUE;

    private final RowTable table;
    /** Bytes per row: {@link #ROW}, or a multiple of 8. */
    private final int width;
    private final int groups;
    /** Per group: the recorded occurrences ({@link #NEGATIVE} marks the sign). */
    private final int[][] occurrences;
    private final int[] counts;
    /** Per group: how many of its recorded occurrences are in {@link #sums} already. */
    private final int[] summed;
    /** Per group: how many occurrences {@link #addAll} added. */
    private final int[] added;
    /** Per group and head: the signed sums. */
    private final int[] sums;

    /**
     * Sums over {@code biasedTable} (rows of {@link #ROW} bytes made by {@link #biased}), for {@code groups}
     * feature groups, laid out in a {@link RowTable} of their own (a copy: threads that share a table share a
     * {@link RowTable} instead).
     */
    public SwarRowSums(byte[] biasedTable, int groups) {
        this(biasedTable, groups, ROW);
    }

    /**
     * Sums over {@code biasedTable}, rows of {@code width} bytes: {@link #ROW}, or a multiple of 8 up to 256 (a
     * copy, as above).
     */
    public SwarRowSums(byte[] biasedTable, int groups, int width) {
        this(RowTable.ofBiased(biasedTable, width), groups);
    }

    /** Sums over {@code table} (shared, not copied), for {@code groups} feature groups. */
    public SwarRowSums(RowTable table, int groups) {
        int width = table.width;
        this.table = table;
        this.width = width;
        this.groups = groups;
        this.occurrences = new int[groups][1024];
        this.counts = new int[groups];
        this.summed = new int[groups];
        this.added = new int[groups];
        this.sums = new int[groups * width];
    }

    /** The biased copy of signed int8 rows ({@code w + 128} as an unsigned byte) that the kernel reads. */
    public static byte[] biased(byte[] signed) {
        byte[] out = new byte[signed.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (signed[i] + 128);
        }
        return out;
    }

    /** Clears every sum and count. */
    public void reset() {
        Arrays.fill(sums, 0);
        Arrays.fill(counts, 0);
        Arrays.fill(summed, 0);
        Arrays.fill(added, 0);
    }

    /** Adds (or, when {@code negative}, subtracts) row {@code bucket} to group {@code group}'s sums. */
    public void add(int group, int bucket, boolean negative) {
        int[] o = occurrences[group];
        int n = counts[group];
        if (n == o.length) {
            o = Arrays.copyOf(o, n * 2);
            occurrences[group] = o;
        }
        o[n] = negative ? bucket | NEGATIVE : bucket;
        counts[group] = n + 1;
    }

    /**
     * Adds the rows of {@code occurrences[from, to)} to group {@code group}'s sums right away: each a bucket, with
     * {@link #NEGATIVE} set for a negative occurrence (buckets below 2^31).
     */
    public void addAll(int group, int[] occurrences, int from, int to) {
        for (int f = from; f < to; f += FLUSH) {
            addRows(group, occurrences, f, Math.min(to, f + FLUSH));
        }
        added[group] += to - from;
    }

    /** Adds up every group's occurrences: call after the last {@link #add}, before reading {@link #sum}. */
    public void finish() {
        for (int g = 0; g < groups; g++) {
            for (int from = summed[g]; from < counts[g]; from += FLUSH) {
                addRows(g, occurrences[g], from, Math.min(counts[g], from + FLUSH));
            }
            summed[g] = counts[g];
        }
    }

    /** The signed sum of group {@code group} for head {@code h} (after {@link #finish}). */
    public int sum(int group, int h) {
        return sums[group * width + h];
    }

    /** The number of occurrences added to a group. */
    public int count(int group) {
        return counts[group] + added[group];
    }

    /** Adds the rows of occurrences {@code o[from, to)} (at most {@link #FLUSH}) into a group's sums. */
    private void addRows(int group, int[] o, int from, int to) {
        if (width == 16) {
            addRows16(group, o, from, to);
            return;
        }
        if (width != ROW) {
            addRowsWide(group, o, from, to);
            return;
        }
        long[] first16 = table.first16;
        byte[] last16 = table.last;
        // lanes of bytes 0,2,4,6 / 1,3,5,7 / 8,10,12,14 / 9,11,13,15 of the rows; byte 16 summed as a plain int
        long l0 = 0L;
        long l1 = 0L;
        long l2 = 0L;
        long l3 = 0L;
        int last = 0;
        for (int i = from; i < to; i++) {
            int v = o[i];
            int row = v & ~NEGATIVE;
            long m = v >> 31; // -1 for a negative occurrence, else 0
            long k = K1 & m;
            long a = first16[2 * row];
            long b = first16[2 * row + 1];
            l0 += ((a & LOW_BYTES) ^ m) + k;
            l1 += (((a >>> 8) & LOW_BYTES) ^ m) + k;
            l2 += ((b & LOW_BYTES) ^ m) + k;
            l3 += (((b >>> 8) & LOW_BYTES) ^ m) + k;
            int mi = (int) m;
            last += (last16[row] ^ mi) - mi;
        }
        int offset = 128 * (to - from);
        int at = group * ROW;
        for (int lane = 0; lane < 4; lane++) {
            int shift = lane << 4;
            sums[at + 2 * lane] += (int) ((l0 >>> shift) & 0xFFFF) - offset;
            sums[at + 2 * lane + 1] += (int) ((l1 >>> shift) & 0xFFFF) - offset;
            sums[at + 8 + 2 * lane] += (int) ((l2 >>> shift) & 0xFFFF) - offset;
            sums[at + 9 + 2 * lane] += (int) ((l3 >>> shift) & 0xFFFF) - offset;
        }
        sums[at + 16] += last;
    }

    /**
     * {@link #addRows} for rows of 16 bytes: the 17-byte loop without its last byte (kept apart, not shared with it:
     * the hot loop holds its lanes in registers).
     */
    private void addRows16(int group, int[] o, int from, int to) {
        byte[] t = table.biased;
        long l0 = 0L;
        long l1 = 0L;
        long l2 = 0L;
        long l3 = 0L;
        for (int i = from; i < to; i++) {
            int v = o[i];
            int base = (v & ~NEGATIVE) << 4;
            long m = v >> 31;
            long k = K1 & m;
            long a = (long) LONGS.get(t, base);
            long b = (long) LONGS.get(t, base + 8);
            l0 += ((a & LOW_BYTES) ^ m) + k;
            l1 += (((a >>> 8) & LOW_BYTES) ^ m) + k;
            l2 += ((b & LOW_BYTES) ^ m) + k;
            l3 += (((b >>> 8) & LOW_BYTES) ^ m) + k;
        }
        moveLanes(group * 16, l0, l1, to - from);
        moveLanes(group * 16 + 8, l2, l3, to - from);
    }

    /** {@link #addRows} for rows of any multiple of 8 bytes, 8 bytes (two lane longs) at a time. */
    private void addRowsWide(int group, int[] o, int from, int to) {
        byte[] t = table.biased;
        int w = width;
        for (int c = 0; c < w; c += 8) {
            long even = 0L;
            long odd = 0L;
            for (int i = from; i < to; i++) {
                int v = o[i];
                long m = v >> 31;
                long k = K1 & m;
                long a = (long) LONGS.get(t, (v & ~NEGATIVE) * w + c);
                even += ((a & LOW_BYTES) ^ m) + k;
                odd += (((a >>> 8) & LOW_BYTES) ^ m) + k;
            }
            moveLanes(group * w + c, even, odd, to - from);
        }
    }

    /**
     * Moves the lanes of 8 row bytes (even bytes in {@code even}, odd bytes in {@code odd}) into the int sums from
     * {@code at}, less the bias of 128 per occurrence.
     */
    private void moveLanes(int at, long even, long odd, int occurrences) {
        int offset = 128 * occurrences;
        for (int lane = 0; lane < 4; lane++) {
            int shift = lane << 4;
            sums[at + 2 * lane] += (int) ((even >>> shift) & 0xFFFF) - offset;
            sums[at + 2 * lane + 1] += (int) ((odd >>> shift) & 0xFFFF) - offset;
        }
    }
}
