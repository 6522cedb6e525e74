package dev.warden.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One named case per hostile condition: each is rejected with a message saying what is wrong. */
class HostileHeaderTest {

    @TempDir
    Path dir;

    private static final String A = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    private void rejected(String json, byte[] data, String... fragments) throws IOException {
        Path file = TestFiles.write(dir.resolve("t.safetensors"), json, data);
        rejectedFile(file, fragments);
    }

    private static void rejectedFile(Path file, String... fragments) {
        InvalidSafeTensorsException e = assertThrows(InvalidSafeTensorsException.class,
                () -> SafeTensorsFile.open(file).close());
        assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' expected in: " + e.getMessage());
        }
    }

    @Test
    void validBaselineOpens() throws IOException {
        Path file = TestFiles.write(dir.resolve("ok.safetensors"), "{" + A + "}", new byte[8]);
        SafeTensorsFile.open(file).close();
    }

    @Test
    void fileShorterThanTheLengthField() throws IOException {
        Path empty = Files.write(dir.resolve("empty.safetensors"), new byte[0]);
        rejectedFile(empty, "shorter than the 8-byte");
        Path seven = Files.write(dir.resolve("seven.safetensors"), new byte[7]);
        rejectedFile(seven, "7 bytes");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        byte[] json = ("{" + A + "}").getBytes(StandardCharsets.UTF_8);
        rejectedFile(TestFiles.write(dir.resolve("t.safetensors"), json.length + 9, json, new byte[8]),
                "runs past the end");
    }

    @Test
    void headerLengthAboveTheCap() throws IOException {
        rejectedFile(TestFiles.write(dir.resolve("t.safetensors"), 100_000_001L, new byte[0], new byte[0]),
                "exceeds the limit");
        rejectedFile(TestFiles.write(dir.resolve("t.safetensors"), Long.MAX_VALUE, new byte[0], new byte[0]),
                "exceeds the limit");
        rejectedFile(TestFiles.write(dir.resolve("t.safetensors"), -1L, new byte[0], new byte[0]),
                "18446744073709551615");
    }

    @Test
    void emptyHeader() throws IOException {
        rejected("", new byte[0], "does not start with '{'");
    }

    @Test
    void headerNotJson() throws IOException {
        rejected("{\"a\":", new byte[0], "not valid JSON");
        rejected("{" + A + ",}", new byte[8], "not valid JSON");
        rejected("{'a':1}", new byte[0], "not valid JSON");
    }

    @Test
    void headerNotAnObject() throws IOException {
        rejected("[1,2]", new byte[0], "not a JSON object");
        rejected(" {" + A + "}", new byte[8], "does not start with '{'");
        rejected("\"x\"", new byte[0], "not a JSON object");
    }

    @Test
    void contentAfterTheHeaderObject() throws IOException {
        rejected("{" + A + "}{}", new byte[8], "content after");
        rejected("{" + A + "} x", new byte[8], "not valid JSON");
    }

    @Test
    void trailingSpacesAreAllowed() throws IOException {
        Path file = TestFiles.write(dir.resolve("ok.safetensors"), "{" + A + "}    ", new byte[8]);
        SafeTensorsFile.open(file).close();
    }

    @Test
    void invalidUtf8() throws IOException {
        byte[] json = "{\"\u00e9\":{}}".getBytes(StandardCharsets.UTF_8);
        json[3] = (byte) 0xff;
        rejectedFile(TestFiles.write(dir.resolve("t.safetensors"), json.length, json, new byte[0]), "UTF-8");
    }

    @Test
    void tensorEntryNotAnObject() throws IOException {
        rejected("{\"a\":5}", new byte[0], "tensor 'a'", "not an object");
        rejected("{\"a\":null}", new byte[0], "not an object");
    }

    @Test
    void wrongFieldTypes() throws IOException {
        rejected("{\"a\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8], "dtype is not a string");
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}", new byte[8], "shape is not an array");
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}", new byte[8],
                "shape[0] is not an integer");
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":\"0-8\"}}", new byte[8],
                "data_offsets is not an array");
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[[2]],\"data_offsets\":[0,8]}}", new byte[8], "not an integer");
    }

    @Test
    void missingFields() throws IOException {
        rejected("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8], "lacks dtype");
        rejected("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", new byte[8], "lacks shape");
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", new byte[8], "lacks data_offsets");
    }

    @Test
    void unknownDtypes() throws IOException {
        for (String dtype : new String[] {"F31", "f32", "F4", "Q4_0", "", "F32 "}) {
            rejected("{\"a\":{\"dtype\":\"" + dtype + "\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8],
                    "unknown or unsupported dtype '" + dtype + "'");
        }
    }

    @Test
    void negativeOrNonIntegerDimensions() throws IOException {
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", new byte[8],
                "shape[0] is negative");
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", new byte[8],
                "shape[0] is not an integer");
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[1e1],\"data_offsets\":[0,8]}}", new byte[8], "not an integer");
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[18446744073709551616],\"data_offsets\":[0,8]}}", new byte[8],
                "too large");
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[" + "9".repeat(200) + "],\"data_offsets\":[0,8]}}",
                new byte[8], "not valid JSON");
    }

    @Test
    void tooManyDimensions() throws IOException {
        String dims = "1,".repeat(TensorInfo.MAX_RANK) + "2";
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[" + dims + "],\"data_offsets\":[0,8]}}", new byte[8],
                "more than 64 entries");
    }

    @Test
    void shapeProductOverflow() throws IOException {
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}",
                new byte[8], "overflows");
        rejected("{\"a\":{\"dtype\":\"F64\",\"shape\":[2305843009213693952],\"data_offsets\":[0,8]}}",
                new byte[8], "overflows");
    }

    @Test
    void negativeOffsets() throws IOException {
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", new byte[8],
                "data_offsets[0] is negative");
    }

    @Test
    void wrongNumberOfOffsets() throws IOException {
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]}}", new byte[8], "not 2");
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]}}", new byte[8], "more than 2");
    }

    @Test
    void beginAfterEnd() throws IOException {
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", new byte[8], "after end offset");
    }

    @Test
    void endOutsideTheDataBlock() throws IOException {
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[4],
                "beyond the data block of 4 bytes");
        rejected("{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[9223372036854775807,"
                + "9223372036854775807]}}", new byte[0], "beyond the data block");
    }

    @Test
    void sizeDoesNotMatchShapeTimesDtype() throws IOException {
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8], "needs 12");
        rejected("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8], "needs 4");
    }

    @Test
    void overlappingTensors() throws IOException {
        rejected("{" + A + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12],
                "overlap");
        rejected("{" + A + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8],
                "overlap");
        rejected("{\"big\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,8]},"
                + "\"zero\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,4]}}", new byte[8], "overlap");
    }

    @Test
    void gapsAreRejected() throws IOException {
        rejected("{" + A + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", new byte[20],
                "gap of 4 bytes");
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12],
                "bytes [0, 4) before tensor 'a'");
    }

    @Test
    void trailingBytesAfterTheLastTensor() throws IOException {
        rejected("{" + A + "}", new byte[9], "holds 9 bytes but the tensors cover only 8");
        rejected("{}", new byte[1], "holds 1 bytes");
    }

    @Test
    void duplicateKeys() throws IOException {
        rejected("{" + A + "," + A + "}", new byte[8], "Duplicate");
        rejected("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8],
                "Duplicate");
        rejected("{\"__metadata__\":{},\"__metadata__\":{}}", new byte[0], "Duplicate");
        rejected("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", new byte[0], "Duplicate");
    }

    @Test
    void metadataNotStringToString() throws IOException {
        rejected("{\"__metadata__\":{\"k\":1}}", new byte[0], "metadata value of 'k' is not a string");
        rejected("{\"__metadata__\":{\"k\":{\"x\":\"y\"}}}", new byte[0], "not a string");
        rejected("{\"__metadata__\":[\"k\"]}", new byte[0], "'__metadata__' is not an object");
        rejected("{\"__metadata__\":\"k\"}", new byte[0], "not an object");
    }

    @Test
    void deepNesting() throws IOException {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":" + deep + "}}", new byte[8],
                "not valid JSON");
    }

    @Test
    void unknownEntryFieldsAreIgnored() throws IOException {
        Path file = TestFiles.write(dir.resolve("ok.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"x\":{\"y\":[1,2]},\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
        SafeTensorsFile.open(file).close();
    }

    @Test
    void missingFileIsAClearError() {
        rejectedFile(dir.resolve("nope.safetensors"), "no such file");
    }

    @Test
    void directoryIsAnIoError() {
        assertThrows(SafeTensorsException.class, () -> SafeTensorsFile.open(dir).close());
    }
}
