package dev.warden.model.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The data block of one file cut into memory-mapped regions of at most {@code maxRegionBytes} (2 GiB - 1
 * in production, the most one {@link ByteBuffer} can address). Regions are chosen greedily over the
 * tensors in offset order so that every tensor lies inside exactly one region; a tensor larger than the
 * limit gets no region and is read by {@link #mapRange} in pieces. Regions are mapped lazily, on first
 * use, so opening a multi-GB shard costs nothing but the header.
 */
final class MappedRegions {

    /** Marks a tensor that no single region can hold. */
    static final int OVERSIZED = -1;

    private static final ByteBuffer EMPTY =
            ByteBuffer.allocateDirect(0).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();

    private final FileChannel channel;
    private final long dataStart;
    private final long maxRegionBytes;
    private final long[] starts;
    private final long[] ends;
    private final Map<String, Integer> regionOf = new HashMap<>();
    private final AtomicReferenceArray<ByteBuffer> mapped;
    private final String source;

    /**
     * @param channel open channel of the file
     * @param dataStart file offset of the data block
     * @param sorted tensors in offset order
     * @param maxRegionBytes region size limit, at most {@link Integer#MAX_VALUE}
     * @param source file name for messages
     */
    MappedRegions(FileChannel channel, long dataStart, List<TensorInfo> sorted, long maxRegionBytes,
            String source) {
        this.channel = channel;
        this.dataStart = dataStart;
        this.maxRegionBytes = maxRegionBytes;
        this.source = source;
        long[] s = new long[sorted.size()];
        long[] e = new long[sorted.size()];
        int count = 0;
        for (TensorInfo t : sorted) {
            if (t.byteSize() == 0) {
                continue;
            }
            if (t.byteSize() > maxRegionBytes) {
                regionOf.put(t.name(), OVERSIZED);
                continue;
            }
            if (count > 0 && e[count - 1] == t.begin() && t.end() - s[count - 1] <= maxRegionBytes) {
                e[count - 1] = t.end();
            } else {
                s[count] = t.begin();
                e[count] = t.end();
                count++;
            }
            regionOf.put(t.name(), count - 1);
        }
        this.starts = Arrays.copyOf(s, count);
        this.ends = Arrays.copyOf(e, count);
        this.mapped = new AtomicReferenceArray<>(count);
    }

    /** @return the region size limit */
    long maxRegionBytes() {
        return maxRegionBytes;
    }

    /** @return how many regions the data block was cut into (for tests and diagnostics) */
    int regionCount() {
        return starts.length;
    }

    /**
     * @param t a tensor of this file
     * @return a read-only little-endian slice over exactly its bytes
     * @throws TensorAccessException if the tensor is larger than one region
     */
    ByteBuffer slice(TensorInfo t) {
        if (t.byteSize() == 0) {
            return EMPTY.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }
        int r = regionOf.get(t.name());
        if (r == OVERSIZED) {
            throw new TensorAccessException(source + ": tensor '" + t.name() + "' is " + t.byteSize()
                    + " bytes, more than one buffer can hold (" + maxRegionBytes + "); read it with readFloats");
        }
        ByteBuffer region = region(r);
        return region.slice((int) (t.begin() - starts[r]), (int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private ByteBuffer region(int r) {
        ByteBuffer b = mapped.get(r);
        if (b == null) {
            b = mapRange(starts[r], ends[r] - starts[r]);
            if (!mapped.compareAndSet(r, null, b)) {
                b = mapped.get(r); // another thread won; ours is dropped and unmapped by the GC
            }
        }
        return b;
    }

    /**
     * Maps a range of the data block directly, bypassing the region cache.
     *
     * @param begin start, relative to the data block
     * @param length bytes, at most {@link Integer#MAX_VALUE}
     * @return a read-only little-endian buffer over the range
     */
    ByteBuffer mapRange(long begin, long length) {
        try {
            long needed = dataStart + begin + length;
            long size = channel.size();
            if (size < needed) {
                throw new InvalidSafeTensorsException(source + ": file shrank to " + size
                        + " bytes while open; " + needed + " are needed");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + begin, length)
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new SafeTensorsIoException("cannot map bytes [" + begin + ", " + (begin + length)
                    + ") of the data block of " + source, e);
        }
    }

    /** Drops the cached mappings; the buffers already handed out stay valid until unreachable. */
    void clear() {
        for (int i = 0; i < mapped.length(); i++) {
            mapped.set(i, null);
        }
    }
}
