package dev.warden.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files over 2 GB, as sparse files: the length is set, only the header and the tail tensor are written,
 * so the test uses a few KB of disk and runs in well under a second.
 */
class LargeFileTest {

    private static final long TWO_GIB = 1L << 31;

    @TempDir
    Path dir;

    private final float[] tail = {1.5f, -2.25f, Float.MAX_VALUE, Float.MIN_VALUE};
    private final float[] tailBf16 = {3f, -0.5f};

    /** Writes the header, sizes the file, and writes the tail tensors' bytes where they belong. */
    private Path sparse(String name, List<TensorInfo> tensors) throws IOException {
        SafeTensorsHeader header = new SafeTensorsHeader(Map.of("kind", "sparse"), tensors);
        byte[] prefix = header.encode();
        Path file = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(prefix);
            raf.setLength(prefix.length + header.dataLength());
            for (TensorInfo t : tensors) {
                if (t.name().equals("tail")) {
                    raf.seek(prefix.length + t.begin());
                    raf.write(TestFiles.f32(tail));
                } else if (t.name().equals("tail.bf16")) {
                    raf.seek(prefix.length + t.begin());
                    raf.write(TestFiles.u16(BFloat16.fromFloat(tailBf16[0]), BFloat16.fromFloat(tailBf16[1])));
                }
            }
        }
        return file;
    }

    @Test
    void tensorBeyondTheTwoGibMarkThroughARegionBoundary() throws IOException {
        long a = 1_500_000_000L;
        long b = 700_000_000L;
        long tailAt = a + b; // 2.2e9 > 2^31
        Path file = sparse("regions.safetensors", List.of(
                new TensorInfo("pad.a", DType.U8, new long[] {a}, 0, a),
                new TensorInfo("pad.b", DType.U8, new long[] {b}, a, tailAt),
                new TensorInfo("tail", DType.F32, new long[] {2, 2}, tailAt, tailAt + 16),
                new TensorInfo("tail.bf16", DType.BF16, new long[] {2}, tailAt + 16, tailAt + 20)));
        try {
            assertTrue(Files.size(file) > TWO_GIB);
            try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
                assertEquals(2, f.regionCount(), "pad.a | pad.b + tails");
                assertTrue(f.info("tail").begin() > TWO_GIB);
                assertArrayEquals(tail, f.readFloats("tail"));
                assertArrayEquals(tailBf16, f.readFloats("tail.bf16"));
                assertEquals(-2.25f, f.raw("tail").getFloat(4));
                assertEquals(Float.MAX_VALUE, f.readF32Direct("tail").getFloat(8));
                assertEquals(b, f.raw("pad.b").remaining());
                assertEquals(0, f.raw("pad.b").get((int) b - 1), "sparse bytes read as zero");
                assertEquals(Map.of("kind", "sparse"), f.metadata());
            }
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void tensorLargerThanTwoGibIsRefusedAsOneBufferButItsNeighbourReads() throws IOException {
        long pad = 2_200_000_000L;
        Path file = sparse("huge.safetensors", List.of(
                new TensorInfo("pad", DType.U8, new long[] {pad}, 0, pad),
                new TensorInfo("tail", DType.F32, new long[] {4}, pad, pad + 16)));
        try {
            try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
                assertArrayEquals(tail, f.readFloats("tail"));
                TensorAccessException e = assertThrows(TensorAccessException.class, () -> f.raw("pad"));
                assertTrue(e.getMessage().contains("'pad'") && e.getMessage().contains("2200000000"), e.getMessage());
                assertThrows(TensorAccessException.class, () -> f.readFloats("pad"), "U8 is not a float type");
            }
        } finally {
            Files.delete(file);
        }
    }
}
