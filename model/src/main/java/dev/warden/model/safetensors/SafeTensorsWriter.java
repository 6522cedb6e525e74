package dev.warden.model.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Streams tensors into a safetensors file. Tensors are declared first (name, dtype, shape and where the
 * values come from); {@link #write} then writes the header and each tensor's bytes in declaration order,
 * converting floats to the target dtype in Java through a small buffer, so the file is never assembled in
 * memory. A {@link Supplier} source is asked for its values only when its turn comes, so a caller can
 * produce one tensor at a time.
 *
 * <pre>{@code
 * new SafeTensorsWriter()
 *         .metadata("format", "pt")
 *         .add("lm_head.weight", DType.BF16, new long[] {vocab, hidden}, weights)
 *         .write(dir.resolve("model.safetensors"));
 * }</pre>
 *
 * <p>The file is written next to the destination under a temporary name and moved into place when
 * complete, so a reader never sees half a checkpoint. The header is padded with spaces to an 8-byte
 * boundary, as the reference implementation does. Float conversion: F32 is bit-exact; F16 and BF16
 * round to nearest, ties to even ({@link Float16}, {@link BFloat16}).
 *
 * <p>Caller mistakes (a duplicate name, a value count that does not match the shape, a non-float target
 * for float values) are {@link IllegalArgumentException}s; I/O failures are
 * {@link SafeTensorsIoException}s.
 */
public final class SafeTensorsWriter {

    private static final int CHUNK_BYTES = 1 << 16;

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** One declared tensor and its value source. */
    private record Entry(String name, DType dtype, long[] shape, Object source) {
    }

    /**
     * Adds one {@code __metadata__} entry.
     *
     * @param key metadata key
     * @param value metadata value
     * @return this
     */
    public SafeTensorsWriter metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Adds several {@code __metadata__} entries.
     *
     * @param entries key to value
     * @return this
     */
    public SafeTensorsWriter metadata(Map<String, String> entries) {
        entries.forEach(this::metadata);
        return this;
    }

    /**
     * Declares a tensor given as stored bytes, copied verbatim from the buffer's position to its limit
     * (the buffer itself is not moved). The bytes must already be in the file's little-endian layout.
     *
     * @param name tensor name
     * @param dtype stored type, any
     * @param shape dimensions
     * @param data exactly {@code product(shape) * dtype.byteSize()} bytes
     * @return this
     */
    public SafeTensorsWriter add(String name, DType dtype, long[] shape, ByteBuffer data) {
        long bytes = byteSize(name, dtype, shape);
        if (data.remaining() != bytes) {
            throw new IllegalArgumentException("tensor '" + name + "': " + data.remaining()
                    + " bytes given, shape and dtype need " + bytes);
        }
        return declare(name, dtype, shape, data.duplicate());
    }

    /**
     * Declares a tensor given as floats, stored as {@code target} (F32, F16 or BF16).
     *
     * @param name tensor name
     * @param target stored type
     * @param shape dimensions
     * @param values exactly {@code product(shape)} values, row-major (referenced, not copied: do not
     *        change them before {@link #write})
     * @return this
     */
    public SafeTensorsWriter add(String name, DType target, long[] shape, float[] values) {
        long count = elementCount(name, target, shape);
        if (values.length != count) {
            throw new IllegalArgumentException("tensor '" + name + "': " + values.length
                    + " values given, shape needs " + count);
        }
        return add(name, target, shape, () -> values);
    }

    /**
     * Declares a tensor whose float values are produced only when it is written.
     *
     * @param name tensor name
     * @param target stored type, F32, F16 or BF16
     * @param shape dimensions
     * @param values called once during {@link #write}; must return {@code product(shape)} values
     * @return this
     */
    public SafeTensorsWriter add(String name, DType target, long[] shape, Supplier<float[]> values) {
        if (!target.isWidenableToF32()) {
            throw new IllegalArgumentException("tensor '" + name + "': float values can be stored as F32, F16 "
                    + "or BF16, not " + target);
        }
        long count = elementCount(name, target, shape);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor '" + name + "': " + count + " values exceed a Java array");
        }
        return declare(name, target, shape, Objects.requireNonNull(values, "values"));
    }

    private static long byteSize(String name, DType dtype, long[] shape) {
        try {
            return TensorInfo.bytesFor(dtype, shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tensor '" + name + "': " + e.getMessage(), e);
        }
    }

    private static long elementCount(String name, DType dtype, long[] shape) {
        return byteSize(name, dtype, shape) / dtype.byteSize();
    }

    private SafeTensorsWriter declare(String name, DType dtype, long[] shape, Object source) {
        if (SafeTensorsHeader.METADATA_KEY.equals(name)) {
            throw new IllegalArgumentException("'" + name + "' is reserved and cannot name a tensor");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
        }
        entries.add(new Entry(name, dtype, shape.clone(), source));
        return this;
    }

    /** @return the header the declared tensors produce, offsets in declaration order */
    public SafeTensorsHeader header() {
        List<TensorInfo> infos = new ArrayList<>(entries.size());
        long offset = 0;
        for (Entry e : entries) {
            long bytes = byteSize(e.name(), e.dtype(), e.shape());
            infos.add(new TensorInfo(e.name(), e.dtype(), e.shape(), offset, offset + bytes));
            offset += bytes;
        }
        return new SafeTensorsHeader(metadata, infos);
    }

    /**
     * Writes the file: header, then every tensor in declaration order.
     *
     * @param path destination; replaced if it exists
     * @return the file size in bytes
     * @throws SafeTensorsIoException on an I/O failure (the destination is then left untouched)
     * @throws IllegalArgumentException if a supplier returns the wrong number of values
     */
    public long write(Path path) {
        SafeTensorsHeader header = header();
        byte[] prefix = header.encode();
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
            makeWorldReadable(tmp); // temp files are owner-only; a checkpoint is shared like any model file
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, ByteBuffer.wrap(prefix));
                ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (Entry e : entries) {
                    writeTensor(ch, e, chunk);
                }
                ch.force(true);
            }
            moveIntoPlace(tmp, path);
            tmp = null;
            return prefix.length + header.dataLength();
        } catch (IOException e) {
            throw new SafeTensorsIoException("cannot write " + path, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed; that is the error to report
                }
            }
        }
    }

    private static void makeWorldReadable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // non-POSIX file systems keep their default permissions
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeTensor(FileChannel ch, Entry e, ByteBuffer chunk)
            throws IOException {
        if (e.source() instanceof ByteBuffer bytes) {
            writeFully(ch, bytes.duplicate());
            return;
        }
        float[] values = ((Supplier<float[]>) e.source()).get();
        long expected = elementCount(e.name(), e.dtype(), e.shape());
        if (values == null || values.length != expected) {
            throw new IllegalArgumentException("tensor '" + e.name() + "': supplier returned "
                    + (values == null ? "null" : values.length + " values") + ", shape needs " + expected);
        }
        int perChunk = CHUNK_BYTES / e.dtype().byteSize();
        for (int from = 0; from < values.length; from += perChunk) {
            int n = Math.min(perChunk, values.length - from);
            chunk.clear();
            FloatCodec.narrow(values, from, n, e.dtype(), chunk);
            chunk.flip();
            writeFully(ch, chunk);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static void moveIntoPlace(Path tmp, Path path) throws IOException {
        try {
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
