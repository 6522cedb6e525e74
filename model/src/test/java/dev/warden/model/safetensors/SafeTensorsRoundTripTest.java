package dev.warden.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writer and reader together: bit-exact round trips, metadata, layout, region handling, misuse. */
class SafeTensorsRoundTripTest {

    @TempDir
    Path dir;

    private static final float[] SPECIAL_F32 = {
        0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0x7fc12345),
        Float.intBitsToFloat(0xffc00001), 1f, -1f, 0x1p-140f
    };

    private static float[] randomF32(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = Float.intBitsToFloat(random.nextInt());
        }
        System.arraycopy(SPECIAL_F32, 0, v, 0, Math.min(n, SPECIAL_F32.length));
        return v;
    }

    /** Floats that f16 represents exactly: random non-NaN patterns plus specials. */
    private static float[] f16Exact(Random random, int n) {
        short[] specials = {0x0000, (short) 0x8000, 0x0001, (short) 0x8001, 0x03ff, 0x0400, 0x7bff,
            (short) 0xfbff, 0x7c00, (short) 0xfc00, 0x3c00};
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            short h;
            do {
                h = i < specials.length ? specials[i] : (short) random.nextInt(65536);
            } while (Float16.isNaN(h));
            v[i] = Float16.toFloat(h);
        }
        return v;
    }

    /** Floats that bf16 represents exactly: random non-NaN patterns plus specials. */
    private static float[] bf16Exact(Random random, int n) {
        short[] specials = {0x0000, (short) 0x8000, 0x0001, (short) 0x8001, 0x007f, 0x0080, 0x7f7f,
            (short) 0xff7f, 0x7f80, (short) 0xff80, 0x3f80};
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            short h;
            do {
                h = i < specials.length ? specials[i] : (short) random.nextInt(65536);
            } while (BFloat16.isNaN(h));
            v[i] = BFloat16.toFloat(h);
        }
        return v;
    }

    private static void assertBitsEqual(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "element " + i);
        }
    }

    @Test
    void f32F16Bf16RoundTripBitExact() {
        Random random = new Random(1);
        float[] f32 = randomF32(random, 1000);
        float[] f16 = f16Exact(random, 777);
        float[] bf16 = bf16Exact(random, 40_000); // spans several writer chunks
        Path file = dir.resolve("m.safetensors");
        new SafeTensorsWriter()
                .add("f32", DType.F32, new long[] {10, 100}, f32)
                .add("f16", DType.F16, new long[] {777}, f16)
                .add("bf16", DType.BF16, new long[] {200, 200}, bf16)
                .write(file);
        try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
            assertBitsEqual(f32, f.readFloats("f32"));
            assertBitsEqual(f16, f.readFloats("f16"));
            assertBitsEqual(bf16, f.readFloats("bf16"));
            ByteBuffer raw16 = f.raw("f16");
            for (int i = 0; i < f16.length; i++) {
                assertEquals(Float16.fromFloat(f16[i]), raw16.getShort(2 * i));
            }
            assertEquals(DType.BF16, f.info("bf16").dtype());
            assertArrayEquals(new long[] {200, 200}, f.info("bf16").shape());
            assertEquals(List.of("f32", "f16", "bf16"), List.copyOf(f.names()));
        }
    }

    @Test
    void arbitraryFloatsAreRoundedToNearestEvenOnWrite() {
        Random random = new Random(2);
        float[] values = randomF32(random, 5000);
        Path file = dir.resolve("r.safetensors");
        new SafeTensorsWriter()
                .add("h", DType.F16, new long[] {5000}, values)
                .add("b", DType.BF16, new long[] {5000}, values)
                .write(file);
        try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
            ByteBuffer h = f.raw("h");
            ByteBuffer b = f.raw("b");
            for (int i = 0; i < values.length; i++) {
                assertEquals(Float16.fromFloat(values[i]), h.getShort(2 * i), "f16 element " + i);
                assertEquals(BFloat16.fromFloat(values[i]), b.getShort(2 * i), "bf16 element " + i);
            }
        }
    }

    @Test
    void nanPatternsSurviveAsStoredBytes() {
        short[] nans = {0x7c01, 0x7e00, (short) 0xfe3f, 0x7fff};
        Path file = dir.resolve("nan.safetensors");
        new SafeTensorsWriter()
                .add("h", DType.F16, new long[] {4}, ByteBuffer.wrap(TestFiles.u16(nans)))
                .add("b", DType.BF16, new long[] {4}, ByteBuffer.wrap(TestFiles.u16((short) 0x7fc1, (short) 0xffff,
                        (short) 0x7f81, (short) 0xffc0)))
                .write(file);
        try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
            assertArrayEquals(TestFiles.u16(nans), TestFiles.bytes(f.raw("h")));
            for (float v : f.readFloats("h")) {
                assertTrue(Float.isNaN(v));
            }
            float[] b = f.readFloats("b");
            assertEquals(0x7fc10000, Float.floatToRawIntBits(b[0]));
            assertEquals(0xffff0000, Float.floatToRawIntBits(b[1]));
        }
    }

    @Test
    void metadataRoundTrip() {
        Map<String, String> metadata = Map.of("format", "pt", "unicode", "\u00e9\u4e2d \"quoted\" \\ \n",
                "empty", "");
        Path file = dir.resolve("meta.safetensors");
        new SafeTensorsWriter().metadata(metadata).add("x", DType.F32, new long[] {1}, new float[] {3f}).write(file);
        try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
            assertEquals(metadata, f.metadata());
        }
    }

    @Test
    void headerIsPaddedToEightBytesAndLayoutIsContiguous() throws Exception {
        Path file = dir.resolve("pad.safetensors");
        long size = new SafeTensorsWriter()
                .metadata("k", "v")
                .add("a", DType.U8, new long[] {3}, ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .add("b", DType.I64, new long[] {2}, ByteBuffer.allocate(16))
                .write(file);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(size, bytes.length);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "data block starts on an 8-byte boundary");
        assertEquals(8 + n + 3 + 16, bytes.length);
        String header = new String(bytes, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8);
        String padding = header.substring(header.lastIndexOf('}') + 1);
        assertTrue(padding.length() < 8 && padding.chars().allMatch(c -> c == ' '), "padding is spaces: '" + padding + "'");
        try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
            assertEquals(new TensorInfo("a", DType.U8, new long[] {3}, 0, 3), f.info("a"));
            assertEquals(new TensorInfo("b", DType.I64, new long[] {2}, 3, 19), f.info("b"));
            assertArrayEquals(new byte[] {1, 2, 3}, TestFiles.bytes(f.raw("a")));
        }
    }

    @Test
    void rawIsReadOnlyLittleEndianAndF32DirectIsTheMapping() {
        Path file = dir.resolve("d.safetensors");
        new SafeTensorsWriter()
                .add("w", DType.F32, new long[] {2, 2}, new float[] {1, 2, 3, 4})
                .add("h", DType.F16, new long[] {3}, new float[] {0.5f, -2f, 65504f})
                .add("b", DType.BF16, new long[] {2}, new float[] {1.5f, -3f})
                .write(file);
        try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
            ByteBuffer raw = f.raw("w");
            assertTrue(raw.isReadOnly());
            assertTrue(raw.isDirect());
            assertEquals(ByteOrder.LITTLE_ENDIAN, raw.order());
            assertEquals(16, raw.remaining());
            assertEquals(3f, raw.getFloat(8));

            ByteBuffer w = f.readF32Direct("w");
            assertTrue(w.isDirect() && w.isReadOnly(), "F32 is served from the mapping itself");
            assertEquals(4f, w.getFloat(12));

            ByteBuffer h = f.readF32Direct("h");
            assertTrue(h.isDirect());
            assertEquals(ByteOrder.LITTLE_ENDIAN, h.order());
            assertEquals(12, h.remaining());
            assertEquals(-2f, h.getFloat(4));
            assertEquals(65504f, h.getFloat(8));
            ByteBuffer b = f.readF32Direct("b");
            assertEquals(1.5f, b.getFloat(0));
            assertEquals(-3f, b.getFloat(4));
        }
    }

    @Test
    void scalarsZeroSizedTensorsAndOtherDtypes() {
        Path file = dir.resolve("misc.safetensors");
        new SafeTensorsWriter()
                .add("scalar", DType.F32, new long[] {}, new float[] {7f})
                .add("empty", DType.F16, new long[] {0, 5}, new float[0])
                .add("mask", DType.BOOL, new long[] {4}, ByteBuffer.wrap(new byte[] {1, 0, 0, 1}))
                .add("ids", DType.I32, new long[] {2}, ByteBuffer.wrap(TestFiles.f32(0, 0)))
                .write(file);
        try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
            assertEquals(0, f.info("scalar").rank());
            assertEquals(1, f.info("scalar").elementCount());
            assertArrayEquals(new float[] {7f}, f.readFloats("scalar"));
            assertEquals(0, f.readFloats("empty").length);
            assertEquals(0, f.raw("empty").remaining());
            assertEquals(0, f.readF32Direct("empty").remaining());
            assertArrayEquals(new byte[] {1, 0, 0, 1}, TestFiles.bytes(f.raw("mask")));
            TensorAccessException e = assertThrows(TensorAccessException.class, () -> f.readFloats("ids"));
            assertTrue(e.getMessage().contains("I32"), e.getMessage());
            assertThrows(TensorAccessException.class, () -> f.readF32Direct("mask"));
        }
    }

    @Test
    void missingTensorIsAClearError() {
        Path file = dir.resolve("one.safetensors");
        new SafeTensorsWriter().add("x", DType.F32, new long[] {1}, new float[] {1}).write(file);
        try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
            assertFalse(f.contains("y"));
            TensorNotFoundException e = assertThrows(TensorNotFoundException.class, () -> f.readFloats("y"));
            assertEquals("y", e.tensorName());
            assertTrue(e.getMessage().contains("'y'") && e.getMessage().contains("one.safetensors"), e.getMessage());
            assertThrows(TensorNotFoundException.class, () -> f.info("y"));
            assertThrows(TensorNotFoundException.class, () -> f.raw("y"));
        }
    }

    @Test
    void readsAfterCloseFailCleanlyButHeldBuffersStayValid() {
        Path file = dir.resolve("c.safetensors");
        new SafeTensorsWriter().add("x", DType.F32, new long[] {2}, new float[] {1, 2}).write(file);
        SafeTensorsFile f = SafeTensorsFile.open(file);
        ByteBuffer held = f.raw("x");
        f.close();
        f.close();
        assertFalse(f.isOpen());
        assertThrows(TensorAccessException.class, () -> f.raw("x"));
        assertThrows(TensorAccessException.class, () -> f.readFloats("x"));
        assertEquals(2f, held.getFloat(4));
    }

    @Test
    void regionsNeverSplitATensorAndOversizedTensorsAreReadInPieces() {
        Random random = new Random(3);
        float[] a = randomF32(random, 10);     // 40 bytes
        float[] b = randomF32(random, 10);     // 40 bytes: a+b exceed a 64-byte region
        float[] big = randomF32(random, 25);   // 100 bytes: larger than a region
        float[] bigHalf = bf16Exact(random, 40); // 80 bytes of BF16
        float[] c = randomF32(random, 4);      // 16 bytes
        Path file = dir.resolve("regions.safetensors");
        new SafeTensorsWriter()
                .add("a", DType.F32, new long[] {10}, a)
                .add("b", DType.F32, new long[] {10}, b)
                .add("big", DType.F32, new long[] {25}, big)
                .add("bigHalf", DType.BF16, new long[] {40}, bigHalf)
                .add("c", DType.F32, new long[] {4}, c)
                .write(file);
        try (SafeTensorsFile f = SafeTensorsFile.open(file, 64)) {
            assertEquals(3, f.regionCount(), "a | b | c, the oversized tensors get none");
            assertBitsEqual(a, f.readFloats("a"));
            assertBitsEqual(b, f.readFloats("b"));
            assertBitsEqual(c, f.readFloats("c"));
            assertBitsEqual(big, f.readFloats("big"));
            assertBitsEqual(bigHalf, f.readFloats("bigHalf"));
            ByteBuffer direct = f.readF32Direct("big");
            assertEquals(100, direct.remaining());
            assertEquals(Float.floatToRawIntBits(big[24]), direct.getInt(96));
            TensorAccessException e = assertThrows(TensorAccessException.class, () -> f.raw("big"));
            assertTrue(e.getMessage().contains("big"), e.getMessage());
        }
        try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
            assertEquals(1, f.regionCount());
        }
    }

    @Test
    void concurrentReadersSeeTheSameData() throws Exception {
        Random random = new Random(4);
        float[] v = randomF32(random, 4096);
        Path file = dir.resolve("conc.safetensors");
        SafeTensorsWriter w = new SafeTensorsWriter();
        for (int i = 0; i < 8; i++) {
            w.add("t" + i, DType.F32, new long[] {4096}, v);
        }
        w.write(file);
        AtomicInteger failures = new AtomicInteger();
        try (SafeTensorsFile f = SafeTensorsFile.open(file, 4096 * 4 * 2)) {
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 8; i++) {
                        if (!java.util.Arrays.equals(v, f.readFloats("t" + i))) {
                            failures.incrementAndGet();
                        }
                    }
                });
                threads[t].start();
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        assertEquals(0, failures.get());
    }

    @Test
    void lazySupplierIsCalledAtWriteTimeAndCheckedForLength() throws Exception {
        Path file = dir.resolve("lazy.safetensors");
        AtomicInteger calls = new AtomicInteger();
        SafeTensorsWriter w = new SafeTensorsWriter()
                .add("x", DType.BF16, new long[] {3}, () -> {
                    calls.incrementAndGet();
                    return new float[] {1, 2, 3};
                });
        assertEquals(0, calls.get());
        w.write(file);
        assertEquals(1, calls.get());
        Path bad = dir.resolve("bad.safetensors");
        SafeTensorsWriter wrong = new SafeTensorsWriter().add("x", DType.F32, new long[] {3}, () -> new float[2]);
        assertThrows(IllegalArgumentException.class, () -> wrong.write(bad));
        assertFalse(Files.exists(bad), "a failed write leaves no file");
        try (var stream = Files.list(dir)) {
            assertTrue(stream.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left");
        }
    }

    @Test
    void writerRejectsMisuse() {
        SafeTensorsWriter w = new SafeTensorsWriter().add("x", DType.F32, new long[] {1}, new float[1]);
        assertThrows(IllegalArgumentException.class, () -> w.add("x", DType.F32, new long[] {1}, new float[1]));
        assertThrows(IllegalArgumentException.class,
                () -> w.add("__metadata__", DType.F32, new long[] {1}, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> w.add("y", DType.F32, new long[] {2}, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> w.add("y", DType.I32, new long[] {1}, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> w.add("y", DType.F32, new long[] {-1}, new float[0]));
        assertThrows(IllegalArgumentException.class,
                () -> w.add("y", DType.U8, new long[] {4}, ByteBuffer.allocate(3)));
        assertThrows(IllegalArgumentException.class,
                () -> w.add("y", DType.F32, new long[] {1L << 40, 1L << 40}, ByteBuffer.allocate(0)));
    }

    @Test
    void rewritingReplacesTheFile() {
        Path file = dir.resolve("again.safetensors");
        new SafeTensorsWriter().add("x", DType.F32, new long[] {1}, new float[] {1}).write(file);
        new SafeTensorsWriter().add("y", DType.F16, new long[] {2}, new float[] {2, 3}).write(file);
        try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
            assertEquals(List.of("y"), List.copyOf(f.names()));
            assertArrayEquals(new float[] {2, 3}, f.readFloats("y"));
        }
    }
}
