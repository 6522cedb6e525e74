package dev.warden.model.safetensors;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where one tensor lives in a safetensors file: its element type, its shape, and its byte range
 * {@code [begin, end)} relative to the start of the data block (the byte after the header).
 *
 * <p>The constructor enforces the invariants of one entry: non-negative dimensions, at most
 * {@link #MAX_RANK} of them, an element count and byte size that fit in a {@code long}, {@code 0 <= begin
 * <= end}, and {@code end - begin == product(shape) * dtype.byteSize()}. A violation is an
 * {@link IllegalArgumentException}; the header parser turns it into an {@link InvalidSafeTensorsException}
 * naming the file. The shape array is copied in and out, so an instance is immutable.
 *
 * @param name tensor name as in the header
 * @param dtype element type
 * @param shape dimensions, outermost first; empty for a scalar
 * @param begin first byte, relative to the data block
 * @param end one past the last byte, relative to the data block
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    /**
     * Most dimensions accepted (NumPy 2's limit). Bounds the work a hostile header can cause; no real
     * tensor comes near it.
     */
    public static final int MAX_RANK = 64;

    /** Validates and copies; see the class comment for the invariants. */
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        shape = shape.clone();
        long bytes = bytesFor(dtype, shape);
        if (begin < 0) {
            throw new IllegalArgumentException("begin offset is negative (" + begin + ")");
        }
        if (begin > end) {
            throw new IllegalArgumentException("begin offset " + begin + " is after end offset " + end);
        }
        if (end - begin != bytes) {
            throw new IllegalArgumentException("byte range [" + begin + ", " + end + ") holds " + (end - begin)
                    + " bytes but shape " + Arrays.toString(shape) + " of " + dtype + " needs " + bytes);
        }
    }

    /**
     * Stored size of a tensor of this dtype and shape.
     *
     * @param dtype element type
     * @param shape dimensions
     * @return {@code product(shape) * dtype.byteSize()}
     * @throws IllegalArgumentException for more than {@link #MAX_RANK} dimensions, a negative dimension,
     *         or a size that overflows a {@code long}
     */
    public static long bytesFor(DType dtype, long... shape) {
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("rank " + shape.length + " exceeds the limit of " + MAX_RANK);
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("shape[" + i + "] is negative (" + shape[i] + ")");
            }
        }
        try {
            long count = 1;
            for (long dim : shape) {
                count = Math.multiplyExact(count, dim);
            }
            return Math.multiplyExact(count, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "size of shape " + Arrays.toString(shape) + " of " + dtype + " overflows a 64-bit count");
        }
    }

    /** @return a copy of the dimensions */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return number of dimensions */
    public int rank() {
        return shape.length;
    }

    /** @return product of the dimensions (1 for a scalar) */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** @return stored size in bytes, {@code end - begin} */
    public long byteSize() {
        return end - begin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t
                && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    @Override
    public String toString() {
        return "TensorInfo[" + name + " " + dtype + " " + Arrays.toString(shape) + " @[" + begin + ", " + end + ")]";
    }
}
