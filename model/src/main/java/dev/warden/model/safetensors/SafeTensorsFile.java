package dev.warden.model.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One safetensors file, memory-mapped. {@link #open} reads and validates only the header (see
 * {@link SafeTensorsHeader} for the format and the checks); tensor bytes are mapped lazily in regions of
 * at most 2 GiB, so files of any size open instantly and nothing is read onto the heap unless asked.
 *
 * <pre>{@code
 * try (SafeTensorsFile f = SafeTensorsFile.open(path)) {
 *     float[] w = f.readFloats("model.embed_tokens.weight"); // bf16/f16 widened in Java
 * }
 * }</pre>
 *
 * <p>Thread-safe for reads. Tensors larger than 2 GiB cannot be returned by {@link #raw} or
 * {@link #readF32Direct} (a {@link ByteBuffer} cannot address them) but {@link #readFloats} reads them in
 * pieces. If another process truncates the file while it is mapped, reading the lost pages fails in the
 * JVM; do not rewrite a checkpoint in place while it is open.
 */
public final class SafeTensorsFile implements TensorSource {

    /** Largest region mapped at once: the most one {@link ByteBuffer} can address. */
    static final long MAX_REGION_BYTES = Integer.MAX_VALUE;

    /** Largest Java array this class allocates (a few VMs reserve header words). */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final Path path;
    private final FileChannel channel;
    private final SafeTensorsHeader header;
    private final Map<String, TensorInfo> byName;
    private final MappedRegions regions;
    private volatile boolean closed;

    private SafeTensorsFile(Path path, FileChannel channel, SafeTensorsHeader header, long dataStart,
            long maxRegionBytes) {
        this.path = path;
        this.channel = channel;
        this.header = header;
        Map<String, TensorInfo> m = new LinkedHashMap<>();
        for (TensorInfo t : header.tensors()) {
            m.put(t.name(), t);
        }
        this.byName = Collections.unmodifiableMap(m);
        this.regions = new MappedRegions(channel, dataStart, header.tensors(), maxRegionBytes, path.toString());
    }

    /**
     * Opens a file and validates its header.
     *
     * @param path the .safetensors file
     * @return the open file; close it when done
     * @throws InvalidSafeTensorsException if the file is malformed or hostile (the message says what and
     *         where)
     * @throws SafeTensorsIoException if it cannot be read
     */
    public static SafeTensorsFile open(Path path) {
        return open(path, MAX_REGION_BYTES);
    }

    /** As {@link #open(Path)} with a smaller region limit, so tests can exercise region logic cheaply. */
    static SafeTensorsFile open(Path path, long maxRegionBytes) {
        if (maxRegionBytes < 8 || maxRegionBytes > MAX_REGION_BYTES) {
            throw new IllegalArgumentException("maxRegionBytes out of range: " + maxRegionBytes);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new InvalidSafeTensorsException(path + ": no such file", e);
        } catch (IOException e) {
            throw new SafeTensorsIoException("cannot open " + path, e);
        }
        try {
            long size = channel.size();
            String source = path.toString();
            if (size < SafeTensorsHeader.LENGTH_FIELD_BYTES) {
                throw new InvalidSafeTensorsException(source + ": file is " + size
                        + " bytes, shorter than the 8-byte header length field");
            }
            long headerLength = readFully(channel, 0, SafeTensorsHeader.LENGTH_FIELD_BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            if (headerLength < 0 || headerLength > SafeTensorsHeader.MAX_HEADER_BYTES) {
                throw new InvalidSafeTensorsException(source + ": header length "
                        + Long.toUnsignedString(headerLength) + " exceeds the limit of "
                        + SafeTensorsHeader.MAX_HEADER_BYTES + " bytes");
            }
            long dataStart = SafeTensorsHeader.LENGTH_FIELD_BYTES + headerLength;
            if (dataStart > size) {
                throw new InvalidSafeTensorsException(source + ": header length " + headerLength
                        + " runs past the end of the " + size + "-byte file");
            }
            byte[] json = readFully(channel, SafeTensorsHeader.LENGTH_FIELD_BYTES, (int) headerLength).array();
            SafeTensorsHeader header = SafeTensorsHeader.parse(json, size - dataStart, source);
            return new SafeTensorsFile(path, channel, header, dataStart, maxRegionBytes);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SafeTensorsIoException("cannot read the header of " + path, e);
        } catch (RuntimeException | Error e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buf.position()));
            }
        }
        return buf;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already failing; the first error is the one to report
        }
    }

    /** @return the file this was opened from */
    public Path path() {
        return path;
    }

    /** @return the validated header */
    public SafeTensorsHeader header() {
        return header;
    }

    /** @return number of memory regions the data block is cut into (mapped lazily) */
    public int regionCount() {
        return regions.regionCount();
    }

    @Override
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** @return tensor names in data order */
    @Override
    public Set<String> names() {
        return byName.keySet();
    }

    @Override
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    @Override
    public TensorInfo info(String name) {
        TensorInfo t = byName.get(name);
        if (t == null) {
            throw new TensorNotFoundException(name, path.toString());
        }
        return t;
    }

    @Override
    public ByteBuffer raw(String name) {
        TensorInfo t = info(name);
        ensureOpen();
        return regions.slice(t);
    }

    @Override
    public float[] readFloats(String name) {
        TensorInfo t = floatTensor(name, "readFloats");
        long n = t.elementCount();
        if (n > MAX_ARRAY) {
            throw new TensorAccessException(path + ": tensor '" + name + "' has " + n
                    + " elements, more than one Java array can hold");
        }
        float[] out;
        try {
            out = new float[(int) n];
        } catch (OutOfMemoryError e) {
            throw new TensorAccessException(path + ": not enough heap for the " + n + " floats of tensor '"
                    + name + "'");
        }
        forEachChunk(t, (chunk, element) -> FloatCodec.widen(t.dtype(), chunk, out, (int) element));
        return out;
    }

    @Override
    public ByteBuffer readF32Direct(String name) {
        TensorInfo t = floatTensor(name, "readF32Direct");
        if (t.dtype() == DType.F32 && t.byteSize() <= regions.maxRegionBytes()) {
            return regions.slice(t);
        }
        long bytes = t.elementCount() * Float.BYTES;
        if (bytes > Integer.MAX_VALUE) {
            throw new TensorAccessException(path + ": tensor '" + name + "' widens to " + bytes
                    + " bytes of f32, more than one buffer can hold");
        }
        ByteBuffer out;
        try {
            out = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        } catch (OutOfMemoryError e) {
            throw new TensorAccessException(path + ": not enough direct memory for the " + bytes
                    + " bytes of tensor '" + name + "'");
        }
        forEachChunk(t, (chunk, element) -> FloatCodec.widen(t.dtype(), chunk, out, (int) (element * 4)));
        return out;
    }

    @Override
    public void readF32(String name, long firstElement, ByteBuffer out) {
        TensorInfo t = floatTensor(name, "readF32");
        long n = out.remaining() / Float.BYTES;
        if (firstElement < 0 || firstElement + n > t.elementCount()) {
            throw new TensorAccessException(path + ": elements " + firstElement + " to " + (firstElement + n)
                    + " of tensor '" + name + "', which has " + t.elementCount());
        }
        int size = t.dtype().byteSize();
        ByteBuffer piece = t.byteSize() <= regions.maxRegionBytes()
                ? regions.slice(t).slice((int) (firstElement * size), (int) (n * size))
                : regions.mapRange(t.begin() + firstElement * size, n * size);
        FloatCodec.widen(t.dtype(), piece, out.duplicate().order(ByteOrder.LITTLE_ENDIAN), out.position());
    }

    private TensorInfo floatTensor(String name, String operation) {
        TensorInfo t = info(name);
        if (!t.dtype().isWidenableToF32()) {
            throw new TensorAccessException(path + ": " + operation + " of tensor '" + name + "' of dtype "
                    + t.dtype() + "; only F32, F16 and BF16 convert to f32");
        }
        ensureOpen();
        return t;
    }

    /** Receives one mapped piece of a tensor and the index of its first element. */
    private interface ChunkConsumer {
        void accept(ByteBuffer chunk, long firstElement);
    }

    /** Hands the tensor's bytes over in one region slice, or in mapped pieces when it is oversized. */
    private void forEachChunk(TensorInfo t, ChunkConsumer consumer) {
        if (t.byteSize() <= regions.maxRegionBytes()) {
            consumer.accept(regions.slice(t), 0);
            return;
        }
        int size = t.dtype().byteSize();
        long piece = regions.maxRegionBytes() / size * size;
        for (long offset = 0; offset < t.byteSize(); offset += piece) {
            long length = Math.min(piece, t.byteSize() - offset);
            consumer.accept(regions.mapRange(t.begin() + offset, length), offset / size);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new TensorAccessException(path + " is closed");
        }
    }

    /** @return true until {@link #close()} */
    public boolean isOpen() {
        return !closed;
    }

    /**
     * Closes the file channel. Buffers already returned stay valid (Java unmaps them when they become
     * unreachable; unmapping earlier could crash the JVM if one were still in use).
     */
    @Override
    public void close() {
        closed = true;
        regions.clear();
        closeQuietly(channel);
    }

    @Override
    public String toString() {
        return "SafeTensorsFile[" + path + ", " + byName.size() + " tensors]";
    }
}
