package dev.warden.guard.learned;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The int8 rows {@link SwarRowSums} adds, laid out for it once and shared by every thread's sums. Immutable.
 *
 * <p>Rows of {@link SwarRowSums#ROW} (17) bytes, the heads' weights, are split: bytes 0-15 of each row, biased
 * ({@code w + 128}), as two longs of {@link #first16}, and byte 16, signed, in {@link #last} of its own. Stored
 * whole, a 17-byte row crosses a cache line one time in four, and a 2 KB prompt reads ~6,800 rows scattered over
 * a table of 4.5 MB: the kernel waits on memory more than it computes. Split, a row's 16 bytes sit in one line,
 * and the last bytes make a table of 256 KB (at 2^18 rows) that stays in the core's L2 cache. The sums read from
 * either layout are the same integers. Rows of other widths (a multiple of 8) are kept biased as they are, in
 * {@link #biased}.
 */
public final class RowTable {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Bytes per row. */
    final int width;
    /** Rows of 17 bytes: bytes 0-15 of row r, biased, little-endian in {@code [2r]} and {@code [2r + 1]}; else null. */
    final long[] first16;
    /** Rows of 17 bytes: byte 16 of row r, signed; else null. */
    final byte[] last;
    /** Other widths: the biased rows ({@link SwarRowSums#biased}); else null. */
    final byte[] biased;

    private RowTable(int width, long[] first16, byte[] last, byte[] biased) {
        this.width = width;
        this.first16 = first16;
        this.last = last;
        this.biased = biased;
    }

    /**
     * The table of {@code signed} int8 rows of {@code width} bytes: {@link SwarRowSums#ROW}, or a multiple of 8
     * up to 256.
     *
     * @throws IllegalArgumentException for another width, or a length that is not whole rows
     */
    public static RowTable of(byte[] signed, int width) {
        return ofBiased(SwarRowSums.biased(signed), width);
    }

    /** As {@link #of}, from rows already biased ({@link SwarRowSums#biased}); the array is not kept. */
    static RowTable ofBiased(byte[] biasedRows, int width) {
        if (width != SwarRowSums.ROW && (width % 8 != 0 || width < 8 || width > 256)) {
            throw new IllegalArgumentException("rows are " + SwarRowSums.ROW + " bytes or a multiple of 8 up to 256,"
                    + " got " + width);
        }
        if (biasedRows.length % width != 0) {
            throw new IllegalArgumentException("the table must hold whole rows of " + width + " bytes");
        }
        if (width != SwarRowSums.ROW) {
            return new RowTable(width, null, null, biasedRows.clone());
        }
        int rows = biasedRows.length / width;
        long[] first16 = new long[2 * rows];
        byte[] last = new byte[rows];
        for (int r = 0; r < rows; r++) {
            first16[2 * r] = (long) LONGS.get(biasedRows, r * width);
            first16[2 * r + 1] = (long) LONGS.get(biasedRows, r * width + 8);
            last[r] = (byte) (biasedRows[r * width + 16] - 128);
        }
        return new RowTable(width, first16, last, null);
    }

    /** Bytes per row. */
    public int width() {
        return width;
    }

    /** The signed int8 rows, row-major, as {@link #of} was given them. */
    public byte[] signed() {
        if (biased != null) {
            return SwarRowSums.biased(biased); // (w + 128) + 128 == w (mod 256)
        }
        byte[] out = new byte[last.length * width];
        for (int r = 0; r < last.length; r++) {
            LONGS.set(out, r * width, first16[2 * r]);
            LONGS.set(out, r * width + 8, first16[2 * r + 1]);
        }
        out = SwarRowSums.biased(out); // bytes 0-15 back to signed; byte 16 is written signed below
        for (int r = 0; r < last.length; r++) {
            out[r * width + 16] = last[r];
        }
        return out;
    }
}
