package dev.warden.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sharded checkpoints: two shards plus an index, single-file directories, and broken indexes. */
class ShardedSafeTensorsTest {

    private static final String SHARD1 = "model-00001-of-00002.safetensors";
    private static final String SHARD2 = "model-00002-of-00002.safetensors";

    @TempDir
    Path dir;

    private final float[] embed = {1, 2, 3, 4, 5, 6};
    private final float[] norm = {0.5f, 0.25f};
    private final float[] head = {-1, -2, -3, -4};

    @BeforeEach
    void writeShards() {
        new SafeTensorsWriter().metadata("format", "pt")
                .add("embed", DType.BF16, new long[] {3, 2}, embed)
                .add("norm", DType.F32, new long[] {2}, norm)
                .write(dir.resolve(SHARD1));
        new SafeTensorsWriter().metadata("format", "pt")
                .add("head", DType.F16, new long[] {2, 2}, head)
                .write(dir.resolve(SHARD2));
    }

    private void writeIndex(Map<String, String> weightMap) {
        new ShardIndex(Map.of("total_size", "28"), weightMap).write(dir.resolve(ShardIndex.FILE_NAME));
    }

    private Map<String, String> fullMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("embed", SHARD1);
        m.put("head", SHARD2);
        m.put("norm", SHARD1);
        return m;
    }

    @Test
    void readsAcrossShardsThroughTheIndex() throws Exception {
        writeIndex(fullMap());
        String json = Files.readString(dir.resolve(ShardIndex.FILE_NAME));
        assertTrue(json.contains("\"total_size\" : 28"), "total_size written as a number: " + json);
        try (ShardedSafeTensors ckpt = ShardedSafeTensors.open(dir)) {
            assertEquals(List.of("embed", "head", "norm"), List.copyOf(ckpt.names()));
            assertEquals(2, ckpt.shards().size());
            assertEquals("28", ckpt.metadata().get("total_size"));
            assertArrayEquals(embed, ckpt.readFloats("embed"));
            assertArrayEquals(head, ckpt.readFloats("head"));
            assertArrayEquals(norm, ckpt.readFloats("norm"));
            assertEquals(DType.F16, ckpt.info("head").dtype());
            assertEquals(8, ckpt.raw("head").remaining());
            assertEquals(-3f, ckpt.readF32Direct("head").getFloat(8));
            assertSame(ckpt.shards().get(SHARD2), ckpt.shardOf("head"));
            assertThrows(TensorNotFoundException.class, () -> ckpt.readFloats("missing"));
            TensorSource source = ckpt;
            assertTrue(source.contains("norm"));
        }
    }

    @Test
    void indexNamesOnlyTheTensorsItExposes() {
        Map<String, String> m = fullMap();
        m.remove("norm");
        writeIndex(m);
        try (ShardedSafeTensors ckpt = ShardedSafeTensors.open(dir)) {
            assertEquals(List.of("embed", "head"), List.copyOf(ckpt.names()));
        }
    }

    @Test
    void singleFileDirectory() {
        Path single = dir.resolve("single");
        single.toFile().mkdirs();
        new SafeTensorsWriter().metadata("format", "pt").add("w", DType.F32, new long[] {2}, norm)
                .write(single.resolve(ShardedSafeTensors.SINGLE_FILE_NAME));
        try (ShardedSafeTensors ckpt = ShardedSafeTensors.open(single)) {
            assertEquals(Map.of("format", "pt"), ckpt.metadata());
            assertArrayEquals(norm, ckpt.readFloats("w"));
            assertEquals(1, ckpt.shards().size());
        }
    }

    @Test
    void missingShardIsAClearError() throws Exception {
        writeIndex(fullMap());
        Files.delete(dir.resolve(SHARD2));
        InvalidSafeTensorsException e = assertThrows(InvalidSafeTensorsException.class, () -> ShardedSafeTensors.open(dir));
        assertTrue(e.getMessage().contains(SHARD2) && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void tensorNamedInIndexButAbsentFromShard() {
        Map<String, String> m = fullMap();
        m.put("ghost", SHARD2);
        writeIndex(m);
        InvalidSafeTensorsException e = assertThrows(InvalidSafeTensorsException.class, () -> ShardedSafeTensors.open(dir));
        assertTrue(e.getMessage().contains("'ghost'") && e.getMessage().contains(SHARD2), e.getMessage());
    }

    @Test
    void tensorIndexedInTheWrongShard() {
        Map<String, String> m = fullMap();
        m.put("head", SHARD1);
        writeIndex(m);
        InvalidSafeTensorsException e = assertThrows(InvalidSafeTensorsException.class, () -> ShardedSafeTensors.open(dir));
        assertTrue(e.getMessage().contains("'head'"), e.getMessage());
    }

    @Test
    void corruptShardIsReportedWithItsName() throws Exception {
        writeIndex(fullMap());
        Files.write(dir.resolve(SHARD2), new byte[] {1, 2, 3});
        InvalidSafeTensorsException e = assertThrows(InvalidSafeTensorsException.class, () -> ShardedSafeTensors.open(dir));
        assertTrue(e.getMessage().contains(SHARD2), e.getMessage());
    }

    @Test
    void shardNamesCannotLeaveTheDirectory() throws Exception {
        for (String evil : List.of("../" + SHARD1, "/etc/passwd", "sub/" + SHARD1, "..", "")) {
            String json = "{\"weight_map\": {\"embed\": \"" + evil + "\"}}";
            Files.writeString(dir.resolve(ShardIndex.FILE_NAME), json);
            InvalidSafeTensorsException e = assertThrows(InvalidSafeTensorsException.class,
                    () -> ShardedSafeTensors.open(dir), evil);
            assertTrue(e.getMessage().contains("plain file name"), e.getMessage());
        }
    }

    @Test
    void malformedIndexes() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("not json", "not valid JSON");
        cases.put("[1, 2]", "not a JSON object");
        cases.put("{\"metadata\": {}}", "no \"weight_map\"");
        cases.put("{\"weight_map\": [1]}", "not an object");
        cases.put("{\"weight_map\": {\"a\": 1}}", "not a string");
        cases.put("{\"weight_map\": {\"a\": \"x\", \"a\": \"y\"}}", "Duplicate");
        cases.put("{\"weight_map\": {}} {}", "content after");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.write(dir.resolve(ShardIndex.FILE_NAME), c.getKey().getBytes(StandardCharsets.UTF_8));
            InvalidSafeTensorsException e = assertThrows(InvalidSafeTensorsException.class,
                    () -> ShardedSafeTensors.open(dir), c.getKey());
            assertTrue(e.getMessage().contains(c.getValue()), c.getKey() + " -> " + e.getMessage());
        }
    }

    @Test
    void emptyDirectoryIsAClearError() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        InvalidSafeTensorsException e = assertThrows(InvalidSafeTensorsException.class, () -> ShardedSafeTensors.open(empty));
        assertTrue(e.getMessage().contains("neither"), e.getMessage());
    }

    @Test
    void indexRoundTrip() {
        ShardIndex index = new ShardIndex(Map.of("total_size", "123", "note", "x"), fullMap());
        Path file = dir.resolve("idx.json");
        index.write(file);
        assertEquals(index, ShardIndex.read(file));
    }
}
