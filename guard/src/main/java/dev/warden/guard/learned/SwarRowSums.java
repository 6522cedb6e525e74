package dev.warden.guard.learned;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Signed sums of 17-byte int8 weight rows, per feature group, added in SWAR fashion: the kernel of the
 * learned models' scoring (one row per hashed feature occurrence, 17 heads).
 *
 * <p>The table holds the rows biased ({@link #biased}: {@code w + 128}, unsigned), read as two little-endian
 * longs plus one byte; the 16 bytes are added into packed 16-bit lanes (four longs per group: even and odd
 * bytes of each long), a negative occurrence adding {@code 256 - (w + 128)} lane-wise, computed branch-free.
 * Every occurrence adds at most 255 to a lane, so the lanes are flushed into int sums every 256 occurrences
 * and the bias of 128 per occurrence is taken off there. The sums are exact: the same integers as adding the
 * signed weights one by one. Not thread-safe: one per thread.
 */
public final class SwarRowSums {

    /** Bytes per row: the heads. */
    public static final int ROW = 17;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Selects the even bytes of a long into 16-bit lanes. */
    private static final long LOW_BYTES = 0x00FF00FF00FF00FFL;
    /** 256 in every 16-bit lane, plus one: {@code (~r) + K1 == 256 - r} lane-wise. */
    private static final long K1 = 0x0100010001000100L + 1L;
    private static final int FLUSH = 256;

    private final byte[] table;
    private final int groups;
    /** Per group: lanes of bytes 0,2,4,6 / 1,3,5,7 / 8,10,12,14 / 9,11,13,15 of the row. */
    private final long[] lanes;
    /** Per group: signed sum of byte 16, kept as a plain int. */
    private final int[] last;
    private final int[] pending;
    /** Flushed sums, per group and head. */
    private final int[] sums;
    private final int[] counts;

    /**
     * Sums over {@code biasedTable} (rows of {@link #ROW} bytes made by {@link #biased}), for {@code groups}
     * feature groups. The table is shared, not copied.
     */
    public SwarRowSums(byte[] biasedTable, int groups) {
        if (biasedTable.length % ROW != 0) {
            throw new IllegalArgumentException("the table must hold whole rows of " + ROW + " bytes");
        }
        this.table = biasedTable;
        this.groups = groups;
        this.lanes = new long[groups * 4];
        this.last = new int[groups];
        this.pending = new int[groups];
        this.sums = new int[groups * ROW];
        this.counts = new int[groups];
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
        Arrays.fill(lanes, 0L);
        Arrays.fill(sums, 0);
        Arrays.fill(last, 0);
        Arrays.fill(pending, 0);
        Arrays.fill(counts, 0);
    }

    /** Adds (or, when {@code negative}, subtracts) row {@code bucket} to group {@code group}'s sums. */
    public void add(int group, int bucket, boolean negative) {
        int base = bucket * ROW;
        byte[] t = table;
        long m = negative ? -1L : 0L;
        long k = K1 & m;
        long a = (long) LONGS.get(t, base);
        long b = (long) LONGS.get(t, base + 8);
        int g = group << 2;
        long[] l = lanes;
        l[g] += ((a & LOW_BYTES) ^ m) + k;
        l[g + 1] += (((a >>> 8) & LOW_BYTES) ^ m) + k;
        l[g + 2] += ((b & LOW_BYTES) ^ m) + k;
        l[g + 3] += (((b >>> 8) & LOW_BYTES) ^ m) + k;
        int w16 = (t[base + 16] & 0xFF) - 128;
        int mi = (int) m;
        last[group] += (w16 ^ mi) - mi;
        counts[group]++;
        if (++pending[group] == FLUSH) {
            flush(group);
        }
    }

    /** Flushes every group: call once after the last {@link #add}, before reading {@link #sum}. */
    public void finish() {
        for (int g = 0; g < groups; g++) {
            flush(g);
        }
    }

    /** The signed sum of group {@code group} for head {@code h} (after {@link #finish}). */
    public int sum(int group, int h) {
        return sums[group * ROW + h];
    }

    /** The number of occurrences added to a group. */
    public int count(int group) {
        return counts[group];
    }

    private void flush(int group) {
        int n = pending[group];
        int offset = 128 * n;
        int g = group << 2;
        int row = group * ROW;
        for (int lane = 0; lane < 4; lane++) {
            int shift = lane << 4;
            sums[row + 2 * lane] += (int) ((lanes[g] >>> shift) & 0xFFFF) - offset;
            sums[row + 2 * lane + 1] += (int) ((lanes[g + 1] >>> shift) & 0xFFFF) - offset;
            sums[row + 8 + 2 * lane] += (int) ((lanes[g + 2] >>> shift) & 0xFFFF) - offset;
            sums[row + 9 + 2 * lane] += (int) ((lanes[g + 3] >>> shift) & 0xFFFF) - offset;
        }
        sums[row + 16] += last[group];
        last[group] = 0;
        lanes[g] = 0L;
        lanes[g + 1] = 0L;
        lanes[g + 2] = 0L;
        lanes[g + 3] = 0L;
        pending[group] = 0;
    }
}
