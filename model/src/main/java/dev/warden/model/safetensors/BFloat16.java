package dev.warden.model.safetensors;

/**
 * bfloat16 (safetensors {@code BF16}) to and from binary32, in plain Java. A bfloat16 is the top 16 bits
 * of a binary32, so widening is a shift and exact for every value. Narrowing rounds to nearest, ties to
 * even (overflowing to infinity like the hardware does); a NaN becomes a quiet NaN keeping its sign and
 * the top payload bits, never an infinity.
 *
 * <p>This is the conversion that keeps bfloat16 away from DJL (which crashes the JVM on it).
 */
public final class BFloat16 {

    private BFloat16() {
    }

    /**
     * Widens a bfloat16 to a float.
     *
     * @param bits the 16 bits
     * @return the same value as a float
     */
    public static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /**
     * Narrows a float to bfloat16, rounding to nearest with ties to even.
     *
     * @param value the value
     * @return the 16 bits of the nearest bfloat16
     */
    public static short fromFloat(float value) {
        int x = Float.floatToRawIntBits(value);
        if ((x & 0x7fffffff) > 0x7f800000) {
            return (short) ((x >>> 16) | 0x0040);
        }
        int lsb = (x >>> 16) & 1;
        return (short) ((x + 0x7fff + lsb) >>> 16);
    }

    /**
     * @param bits bfloat16 bits
     * @return true if they encode a NaN
     */
    public static boolean isNaN(short bits) {
        return (bits & 0x7f80) == 0x7f80 && (bits & 0x7f) != 0;
    }
}
