package dev.warden.model.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of a valid file. Every mutant must either be rejected with a
 * {@link SafeTensorsException} or open and read back consistently; nothing else may escape.
 */
class HeaderFuzzTest {

    private static final long SEED = 20261124L;
    private static final int MUTANTS = 600;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+");
    private static final Pattern DTYPE = Pattern.compile("\"dtype\":\"([A-Z0-9_]+)\"");
    private static final Pattern OFFSETS = Pattern.compile("\"data_offsets\":\\[(\\d+),(\\d+)\\]");
    private static final Pattern KEY = Pattern.compile("\"([a-z_.]+)\":\\{\"dtype\"");
    private static final String[] HUGE = {"18446744073709551616", "18446744073709551615", "9223372036854775807",
        "9223372036854775808", "4294967296", "2147483648", "99999999999999999999999999999", "1e30", "1e400"};
    private static final String[] NEGATIVE = {"-1", "-8", "-9223372036854775808", "-0"};
    private static final String[] ODD_VALUES = {"1.5", "\"3\"", "null", "true", "[]", "{}", "0.0", "[1]"};
    private static final String[] DTYPES = {"F31", "f32", "BF8", "F4", "", "Q4_0", "I128", "F32 ", "\\u0046\\u0033\\u0032",
        "F16", "BF16", "U8", "F64", "I64"};
    private static final String JSON_CHARS = "{}[],:\"0123456789- a\\e.";

    @TempDir
    Path dir;

    private byte[] headerJson;
    private byte[] data;

    @BeforeEach
    void writeBase() throws IOException {
        Path base = dir.resolve("base.safetensors");
        new SafeTensorsWriter()
                .metadata("format", "pt").metadata("note", "fuzz base")
                .add("a.weight", DType.F32, new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6})
                .add("b.weight", DType.F16, new long[] {4}, new float[] {0.5f, -1, 2, 65504})
                .add("c.weight", DType.BF16, new long[] {2, 2}, new float[] {1, -2, 3, -4})
                .add("d.ids", DType.I64, new long[] {1}, ByteBuffer.allocate(8))
                .add("e.empty", DType.U8, new long[] {0}, ByteBuffer.allocate(0))
                .add("f.mask", DType.BOOL, new long[] {3}, ByteBuffer.wrap(new byte[] {1, 0, 1}))
                .write(base);
        byte[] file = Files.readAllBytes(base);
        int n = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        headerJson = Arrays.copyOfRange(file, 8, 8 + n);
        data = Arrays.copyOfRange(file, 8 + n, file.length);
        try (SafeTensorsFile f = SafeTensorsFile.open(base)) {
            assertEquals(6, f.names().size(), "the base file is valid");
        }
    }

    /** A mutant file: its bytes and what was done, for the failure message. */
    private record Mutant(String description, byte[] bytes) {
    }

    @Test
    void mutatedHeadersAreRejectedCleanlyOrReadConsistently() throws IOException {
        Random random = new Random(SEED);
        int rejected = 0;
        int accepted = 0;
        for (int i = 0; i < MUTANTS; i++) {
            Mutant m = mutate(random, i);
            Path file = Files.write(dir.resolve("m" + i + ".safetensors"), m.bytes());
            try {
                try (SafeTensorsFile f = SafeTensorsFile.open(file)) {
                    readEverything(f, m);
                }
                accepted++;
            } catch (SafeTensorsException e) {
                assertTrue(e.getMessage() != null && e.getMessage().contains(file.toString()),
                        m.description() + ": message should name the file: " + e.getMessage());
                rejected++;
            } catch (Throwable t) {
                throw new AssertionError("mutant " + i + " (" + m.description() + ") escaped with " + t, t);
            } finally {
                Files.delete(file);
            }
        }
        assertTrue(rejected > MUTANTS / 2, "most mutants must be rejected, got " + rejected + " of " + MUTANTS);
        assertTrue(accepted > 0, "some mutants (e.g. no-op number changes, renames) stay valid");
    }

    /** Reads every tensor every way; all must agree with the header. */
    private static void readEverything(SafeTensorsFile f, Mutant m) {
        long covered = 0;
        for (String name : f.names()) {
            TensorInfo t = f.info(name);
            covered += t.byteSize();
            ByteBuffer raw = f.raw(name);
            assertEquals(t.byteSize(), raw.remaining(), m.description());
            assertEquals(t.byteSize(), t.elementCount() * t.dtype().byteSize(), m.description());
            if (t.dtype().isWidenableToF32()) {
                assertEquals(t.elementCount(), f.readFloats(name).length, m.description());
                assertEquals(4 * t.elementCount(), f.readF32Direct(name).remaining(), m.description());
            }
        }
        assertEquals(f.header().dataLength(), covered, m.description() + ": tensors tile the data block");
    }

    private Mutant mutate(Random random, int i) {
        int kinds = 14;
        int kind = random.nextInt(kinds);
        if (i % 10 == 9) {
            // a few stacked mutations on the JSON text
            String json = json();
            StringBuilder what = new StringBuilder("stacked:");
            for (int k = 0; k < 2 + random.nextInt(2); k++) {
                Edit e = textEdit(random, json, random.nextInt(8));
                json = e.json();
                what.append(' ').append(e.description());
            }
            return file(what.toString(), json);
        }
        switch (kind) {
            case 8 -> {
                byte[] h = headerJson.clone();
                int at = random.nextInt(h.length);
                h[at] ^= (byte) (1 << random.nextInt(8));
                return new Mutant("bit flip at header byte " + at, assemble(h.length, h, data));
            }
            case 9 -> {
                byte[] whole = assemble(headerJson.length, headerJson, data);
                int len = random.nextInt(whole.length);
                return new Mutant("truncated to " + len, Arrays.copyOf(whole, len));
            }
            case 10 -> {
                long[] fields = {Long.MAX_VALUE, -1L, Long.MIN_VALUE, 100_000_001L, headerJson.length + 1L,
                    headerJson.length - 1L, 8L + headerJson.length + data.length, 0L, random.nextLong(),
                    random.nextInt(headerJson.length + data.length + 16)};
                long field = fields[random.nextInt(fields.length)];
                return new Mutant("length field " + field, assemble(field, headerJson, data));
            }
            case 11 -> {
                byte[] d = random.nextBoolean() ? Arrays.copyOf(data, data.length + 1 + random.nextInt(8))
                        : Arrays.copyOf(data, Math.max(0, data.length - 1 - random.nextInt(8)));
                return new Mutant("data block resized to " + d.length, assemble(headerJson.length, headerJson, d));
            }
            case 12 -> {
                byte[] h = headerJson.clone();
                int at = random.nextInt(h.length);
                h[at] = (byte) random.nextInt(256);
                return new Mutant("random byte at " + at, assemble(h.length, h, data));
            }
            default -> {
                Edit e = textEdit(random, json(), kind);
                return file(e.description(), e.json());
            }
        }
    }

    private record Edit(String description, String json) {
    }

    private Edit textEdit(Random random, String json, int kind) {
        switch (kind) {
            case 0 -> {
                return replaceNumber(random, json, String.valueOf(random.nextInt(64)), "changed number");
            }
            case 1 -> {
                return replaceNumber(random, json, HUGE[random.nextInt(HUGE.length)], "huge number");
            }
            case 2 -> {
                return replaceNumber(random, json, NEGATIVE[random.nextInt(NEGATIVE.length)], "negative number");
            }
            case 3 -> {
                List<Matcher> offsets = matches(OFFSETS, json);
                Matcher m = offsets.get(random.nextInt(offsets.size()));
                String swapped = "\"data_offsets\":[" + m.group(2) + "," + m.group(1) + "]";
                return new Edit("swapped offsets", json.substring(0, m.start()) + swapped + json.substring(m.end()));
            }
            case 4 -> {
                List<Matcher> dtypes = matches(DTYPE, json);
                Matcher m = dtypes.get(random.nextInt(dtypes.size()));
                String dtype = DTYPES[random.nextInt(DTYPES.length)];
                return new Edit("dtype " + m.group(1) + " -> '" + dtype + "'",
                        json.substring(0, m.start(1)) + dtype + json.substring(m.end(1)));
            }
            case 5 -> {
                List<Matcher> keys = matches(KEY, json);
                Matcher victim = keys.get(random.nextInt(keys.size()));
                String name = keys.get(random.nextInt(keys.size())).group(1);
                return new Edit("tensor " + victim.group(1) + " renamed " + name,
                        json.substring(0, victim.start(1)) + name + json.substring(victim.end(1)));
            }
            case 6 -> {
                int at = random.nextInt(json.length());
                return new Edit("deleted char " + at, json.substring(0, at) + json.substring(at + 1));
            }
            case 7 -> {
                int at = random.nextInt(json.length() + 1);
                char c = JSON_CHARS.charAt(random.nextInt(JSON_CHARS.length()));
                return new Edit("inserted '" + c + "' at " + at, json.substring(0, at) + c + json.substring(at));
            }
            default -> {
                return replaceNumber(random, json, ODD_VALUES[random.nextInt(ODD_VALUES.length)], "odd value");
            }
        }
    }

    private static Edit replaceNumber(Random random, String json, String replacement, String what) {
        List<Matcher> numbers = matches(NUMBER, json);
        Matcher m = numbers.get(random.nextInt(numbers.size()));
        return new Edit(what + " " + m.group() + " -> " + replacement + " at " + m.start(),
                json.substring(0, m.start()) + replacement + json.substring(m.end()));
    }

    private static List<Matcher> matches(Pattern pattern, String text) {
        List<Matcher> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            Matcher copy = pattern.matcher(text);
            copy.find(m.start());
            out.add(copy);
        }
        if (out.isEmpty()) {
            fail("pattern " + pattern + " found nothing in the base header");
        }
        return out;
    }

    private String json() {
        return new String(headerJson, StandardCharsets.UTF_8);
    }

    private Mutant file(String description, String json) {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return new Mutant(description, assemble(h.length, h, data));
    }

    private static byte[] assemble(long lengthField, byte[] header, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(lengthField).put(header).put(data).array();
    }
}
