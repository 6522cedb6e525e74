package dev.warden.model.safetensors;

import java.util.Optional;

/**
 * Element types of the safetensors format, named exactly as they appear in a header's {@code "dtype"}
 * field (case-sensitive, like the reference implementation). F32, F16 and BF16 are the types model weights
 * come in and the only ones {@link TensorSource#readFloats} widens; the others are parsed so that a file
 * holding them (an integer buffer, a mask) opens and can be read raw.
 *
 * <p>Sub-byte types of the reference implementation (F4, F6_E2M3, F6_E3M2) are not supported: a header
 * naming them, or any other unknown string, is rejected.
 */
public enum DType {
    /** Boolean, one byte per element. */
    BOOL(1),
    /** Unsigned 8-bit integer. */
    U8(1),
    /** Signed 8-bit integer. */
    I8(1),
    /** 8-bit float, 5 exponent bits and 2 mantissa bits. */
    F8_E5M2(1),
    /** 8-bit float, 4 exponent bits and 3 mantissa bits. */
    F8_E4M3(1),
    /** 8-bit float, exponent only (a scale). */
    F8_E8M0(1),
    /** Signed 16-bit integer. */
    I16(2),
    /** Unsigned 16-bit integer. */
    U16(2),
    /** IEEE 754 binary16. */
    F16(2),
    /** bfloat16: the top 16 bits of an IEEE 754 binary32. */
    BF16(2),
    /** Signed 32-bit integer. */
    I32(4),
    /** Unsigned 32-bit integer. */
    U32(4),
    /** IEEE 754 binary32. */
    F32(4),
    /** Complex of two binary32. */
    C64(8),
    /** IEEE 754 binary64. */
    F64(8),
    /** Signed 64-bit integer. */
    I64(8),
    /** Unsigned 64-bit integer. */
    U64(8);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** @return bytes per element */
    public int byteSize() {
        return byteSize;
    }

    /** @return true for the three types {@link TensorSource#readFloats} can widen to f32 */
    public boolean isWidenableToF32() {
        return this == F32 || this == F16 || this == BF16;
    }

    /**
     * Looks a header dtype string up, case-sensitively.
     *
     * @param name the {@code "dtype"} string of a header entry
     * @return the type, or empty for an unknown or unsupported string
     */
    public static Optional<DType> fromHeaderName(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
