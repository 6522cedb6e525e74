package dev.warden.model.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Bulk conversion between stored F32/F16/BF16 bytes (little-endian) and f32 values. */
final class FloatCodec {

    private FloatCodec() {
    }

    /**
     * Widens all of {@code src} (from position to limit) into {@code dst} starting at {@code dstOffset}.
     * The source position is not moved.
     */
    static void widen(DType dtype, ByteBuffer src, float[] dst, int dstOffset) {
        ByteBuffer in = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int n = in.remaining() / dtype.byteSize();
        int base = in.position();
        switch (dtype) {
            case F32 -> in.asFloatBuffer().get(dst, dstOffset, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst[dstOffset + i] = Float16.toFloat(in.getShort(base + 2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst[dstOffset + i] = BFloat16.toFloat(in.getShort(base + 2 * i));
                }
            }
            default -> throw new IllegalStateException("not a float type: " + dtype);
        }
    }

    /**
     * Widens all of {@code src} into {@code dst} (little-endian) at absolute byte index {@code dstByte}.
     */
    static void widen(DType dtype, ByteBuffer src, ByteBuffer dst, int dstByte) {
        ByteBuffer in = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int n = in.remaining() / dtype.byteSize();
        int base = in.position();
        switch (dtype) {
            case F32 -> dst.put(dstByte, in, base, n * Float.BYTES);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst.putFloat(dstByte + 4 * i, Float16.toFloat(in.getShort(base + 2 * i)));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst.putInt(dstByte + 4 * i, (in.getShort(base + 2 * i) & 0xffff) << 16);
                }
            }
            default -> throw new IllegalStateException("not a float type: " + dtype);
        }
    }

    /**
     * Narrows {@code n} values from {@code src[from]} into {@code dst} (relative puts, little-endian),
     * rounding to nearest even for F16 and BF16.
     */
    static void narrow(float[] src, int from, int n, DType target, ByteBuffer dst) {
        switch (target) {
            case F32 -> {
                for (int i = 0; i < n; i++) {
                    dst.putFloat(src[from + i]);
                }
            }
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst.putShort(Float16.fromFloat(src[from + i]));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    dst.putShort(BFloat16.fromFloat(src[from + i]));
                }
            }
            default -> throw new IllegalStateException("not a float type: " + target);
        }
    }
}
