package dev.warden.model.safetensors;

/**
 * IEEE 754 binary16 ("half", safetensors {@code F16}) to and from binary32, in plain Java.
 *
 * <p>Widening is exact for every value: normals, subnormals, signed zeros, infinities; a NaN stays a NaN
 * with its sign and payload shifted into the top mantissa bits. Narrowing rounds to nearest, ties to even;
 * magnitudes from 65520 up become infinity, those at or below 2^-25 become a signed zero, and a NaN becomes
 * a quiet NaN keeping its sign and the top payload bits.
 */
public final class Float16 {

    /** Largest finite binary16 value, 65504. */
    public static final float MAX_VALUE = 65504f;

    private static final int F32_EXP_BIAS_DELTA = 127 - 15;

    private Float16() {
    }

    /**
     * Widens a binary16 to a float.
     *
     * @param bits the 16 bits (as stored, in the low half of the short)
     * @return the same value as a float
     */
    public static float toFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            // zero or subnormal: mant * 2^-24, exact in binary32
            float magnitude = mant * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exp + F32_EXP_BIAS_DELTA) << 23) | (mant << 13));
    }

    /**
     * Narrows a float to binary16, rounding to nearest with ties to even.
     *
     * @param value the value
     * @return the 16 bits of the nearest binary16
     */
    public static short fromFloat(float value) {
        int x = Float.floatToRawIntBits(value);
        int sign = (x >>> 16) & 0x8000;
        int abs = x & 0x7fffffff;
        if (abs > 0x7f800000) {
            // NaN: quiet it and keep the top 9 payload bits
            return (short) (sign | 0x7e00 | ((abs >>> 13) & 0x1ff));
        }
        if (abs >= 0x477ff000) {
            // >= 65520 (the tie above MAX_VALUE rounds to even, i.e. up) or infinity
            return (short) (sign | 0x7c00);
        }
        if (abs >= 0x38800000) {
            // normal in binary16: rebias, then round the 13 dropped bits
            int h = (abs - (F32_EXP_BIAS_DELTA << 23)) >>> 13;
            int rest = abs & 0x1fff;
            if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) {
                h++; // a carry into the exponent is the correct next value
            }
            return (short) (sign | h);
        }
        // subnormal or zero: count units of 2^-24; the scaling is exact, rint rounds half to even
        int units = (int) Math.rint(Float.intBitsToFloat(abs) * 0x1p24);
        return (short) (sign | units); // 0x400 (the smallest normal) encodes correctly too
    }

    /**
     * @param bits binary16 bits
     * @return true if they encode a NaN
     */
    public static boolean isNaN(short bits) {
        return (bits & 0x7c00) == 0x7c00 && (bits & 0x3ff) != 0;
    }
}
