package dev.warden.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Float16 and BFloat16 against independent references: every one of the 65536 bit patterns, and
 * round-to-nearest-even narrowing checked by searching the nearest representable value directly.
 */
class HalfFloatConversionTest {

    /** Value of a binary16 pattern computed from the IEEE formula in double. */
    private static double f16Reference(int h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        double magnitude;
        if (exp == 0x1f) {
            magnitude = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else if (exp == 0) {
            magnitude = Math.scalb((double) mant, -24);
        } else {
            magnitude = Math.scalb(1.0 + mant / 1024.0, exp - 15);
        }
        return sign == 1 ? -magnitude : magnitude;
    }

    @Test
    void everyF16PatternWidensExactlyAndNarrowsBack() {
        for (int h = 0; h < 65536; h++) {
            short bits = (short) h;
            float f = Float16.toFloat(bits);
            double expected = f16Reference(h);
            if (Double.isNaN(expected)) {
                assertTrue(Float.isNaN(f), "pattern " + Integer.toHexString(h));
                assertTrue(Float16.isNaN(Float16.fromFloat(f)), "NaN stays NaN " + Integer.toHexString(h));
                assertEquals(h & 0x8000, Float16.fromFloat(f) & 0x8000, "NaN keeps its sign");
                continue;
            }
            assertEquals(Float.floatToRawIntBits((float) expected), Float.floatToRawIntBits(f),
                    "widen " + Integer.toHexString(h));
            assertEquals(bits, Float16.fromFloat(f), "f16 -> f32 -> f16 " + Integer.toHexString(h));
        }
    }

    @Test
    void quietF16NaNPayloadSurvivesRoundTrip() {
        short qnan = (short) 0x7e15;
        assertEquals(qnan, Float16.fromFloat(Float16.toFloat(qnan)));
        short negQnan = (short) 0xfe01;
        assertEquals(negQnan, Float16.fromFloat(Float16.toFloat(negQnan)));
    }

    @Test
    void everyBf16PatternWidensExactlyAndNarrowsBack() {
        for (int h = 0; h < 65536; h++) {
            short bits = (short) h;
            float f = BFloat16.toFloat(bits);
            assertEquals(h << 16, Float.floatToRawIntBits(f), "widen " + Integer.toHexString(h));
            if (Float.isNaN(f)) {
                assertTrue(BFloat16.isNaN(BFloat16.fromFloat(f)), "NaN stays NaN " + Integer.toHexString(h));
                assertEquals(h & 0x8000, BFloat16.fromFloat(f) & 0x8000, "NaN keeps its sign");
            } else {
                assertEquals(bits, BFloat16.fromFloat(f), "bf16 -> f32 -> bf16 " + Integer.toHexString(h));
            }
        }
    }

    @Test
    void f16SpecialValues() {
        assertEquals((short) 0x0000, Float16.fromFloat(0f));
        assertEquals((short) 0x8000, Float16.fromFloat(-0f));
        assertEquals((short) 0x7c00, Float16.fromFloat(Float.POSITIVE_INFINITY));
        assertEquals((short) 0xfc00, Float16.fromFloat(Float.NEGATIVE_INFINITY));
        assertEquals((short) 0x7bff, Float16.fromFloat(65504f));
        assertEquals((short) 0x7bff, Float16.fromFloat(65519.99f), "just below the overflow tie");
        assertEquals((short) 0x7c00, Float16.fromFloat(65520f), "the tie above MAX rounds to infinity");
        assertEquals((short) 0x7c00, Float16.fromFloat(Float.MAX_VALUE));
        assertEquals((short) 0x0001, Float16.fromFloat(0x1p-24f), "smallest subnormal");
        assertEquals((short) 0x0000, Float16.fromFloat(0x1p-25f), "half of it ties to even zero");
        assertEquals((short) 0x0001, Float16.fromFloat(Math.nextUp(0x1p-25f)), "just above the tie");
        assertEquals((short) 0x0002, Float16.fromFloat(0x1.8p-24f), "1.5 units ties to even 2");
        assertEquals((short) 0x0400, Float16.fromFloat(0x1p-14f), "smallest normal");
        assertEquals((short) 0x0400, Float16.fromFloat(Math.nextDown(0x1p-14f)), "rounds up into the normals");
        assertEquals((short) 0x3c00, Float16.fromFloat(1f));
        assertEquals((short) 0x3c00, Float16.fromFloat(1f + 0x1p-11f), "tie at 1 + half ulp goes to even");
        assertEquals((short) 0x3c02, Float16.fromFloat(1f + 3 * 0x1p-11f), "tie at 1 + 1.5 ulp goes to even");
        assertEquals((short) 0x0000, Float16.fromFloat(Float.MIN_VALUE));
        assertEquals(65504f, Float16.toFloat((short) 0x7bff));
        assertEquals(0x1p-24f, Float16.toFloat((short) 0x0001));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Float16.toFloat((short) 0x8000)));
    }

    @Test
    void bf16SpecialValues() {
        assertEquals((short) 0x0000, BFloat16.fromFloat(0f));
        assertEquals((short) 0x8000, BFloat16.fromFloat(-0f));
        assertEquals((short) 0x7f80, BFloat16.fromFloat(Float.POSITIVE_INFINITY));
        assertEquals((short) 0x7f80, BFloat16.fromFloat(Float.MAX_VALUE), "rounds past the largest bf16");
        assertEquals((short) 0x7f7f, BFloat16.fromFloat(Float.intBitsToFloat(0x7f7f7fff)));
        assertEquals((short) 0x3f80, BFloat16.fromFloat(Float.intBitsToFloat(0x3f808000)), "tie to even (down)");
        assertEquals((short) 0x3f82, BFloat16.fromFloat(Float.intBitsToFloat(0x3f818000)), "tie to even (up)");
        assertEquals((short) 0x0001, BFloat16.fromFloat(Float.intBitsToFloat(0x00008001)), "subnormal rounds up");
        short nan = BFloat16.fromFloat(Float.intBitsToFloat(0x7f800001));
        assertTrue(BFloat16.isNaN(nan), "a NaN whose payload is only in the low bits must not become infinity");
        assertEquals((short) 0xffc0, BFloat16.fromFloat(Float.intBitsToFloat(0xffc00000)));
    }

    @Test
    void f16NarrowingIsRoundToNearestEven() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            float f = i % 2 == 0 ? Float.intBitsToFloat(random.nextInt()) : (float) (random.nextGaussian() * 100);
            if (i % 5 == 0) {
                // exact midpoints between neighbours, the interesting ties
                int h = random.nextInt(0x7c00);
                f = (float) ((f16Reference(h) + f16Reference(h + 1)) / 2);
            }
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals(nearestF16(f), Float16.fromFloat(f), "value " + f);
        }
    }

    @Test
    void bf16NarrowingIsRoundToNearestEven() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (i % 5 == 0) {
                int h = random.nextInt(0x7f80);
                f = (float) ((BFloat16.toFloat((short) h) + (double) bf16Value(h + 1)) / 2);
            }
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals(nearestBf16(f), BFloat16.fromFloat(f), "value " + f);
        }
    }

    /** Nearest f16 found by binary search over the positive patterns, ties to the even pattern. */
    private static short nearestF16(float f) {
        double a = Math.abs((double) f);
        int sign = Float.floatToRawIntBits(f) < 0 ? 0x8000 : 0;
        int lo = 0;
        int hi = 0x7bff;
        while (lo < hi) { // largest h with value(h) <= a
            int mid = (lo + hi + 1) >>> 1;
            if (f16Reference(mid) <= a) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        double below = f16Reference(lo);
        double above = lo == 0x7bff ? 65536.0 : f16Reference(lo + 1); // unbounded-exponent successor
        int pick = pick(lo, a - below, above - a);
        return (short) (sign | pick);
    }

    private static float bf16Value(int h) {
        return h == 0x7f80 ? Float.POSITIVE_INFINITY : BFloat16.toFloat((short) h);
    }

    private static short nearestBf16(float f) {
        double a = Math.abs((double) f);
        int sign = Float.floatToRawIntBits(f) < 0 ? 0x8000 : 0;
        if (Double.isInfinite(a)) {
            return (short) (sign | 0x7f80);
        }
        int lo = 0;
        int hi = 0x7f7f;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (BFloat16.toFloat((short) mid) <= a) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        double below = BFloat16.toFloat((short) lo);
        double above = lo == 0x7f7f ? Math.scalb(1.0, 128) : BFloat16.toFloat((short) (lo + 1));
        return (short) (sign | pick(lo, a - below, above - a));
    }

    private static int pick(int lo, double distBelow, double distAbove) {
        if (distBelow < distAbove) {
            return lo;
        }
        if (distAbove < distBelow) {
            return lo + 1;
        }
        return (lo & 1) == 0 ? lo : lo + 1;
    }
}
