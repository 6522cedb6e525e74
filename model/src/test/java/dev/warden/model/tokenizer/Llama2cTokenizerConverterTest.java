package dev.warden.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.warden.model.checkpoint.SharedModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Llama2cTokenizerConverter}: the converted tokenizer, loaded by DJL's Hugging Face tokenizer, encodes
 * exactly as llama2.c's {@code encode} ({@link Llama2cReferenceEncoder}) and decodes as its {@code decode}.
 * Hermetic cases on a file written here; real ones on {@code stories260K/tok512.bin} and on Meta's Llama-2
 * vocabulary ({@code llama2-tokenizer-spm/tokenizer.bin}) against llama.cpp's SentencePiece test vectors.
 */
class Llama2cTokenizerConverterTest {

    /** Texts beyond the test vectors: story text, byte fallback, spacing, special-looking text. */
    private static final List<String> EXTRA_TEXTS = List.of("Once upon a time, there was a little girl named Lily.",
            "She loved to play outside in the park.\nOne day, she saw a big, red ball.", "  two  spaces  ", "x",
            "é ü ß ∑ 日本語 🦙", "\u0000\u0001 control", "tabs\tand\r\nnewlines", "abc abcab bca");

    @Test
    void aTokenizerWrittenHereEncodesLikeLlama2cAndRoundTrips(@TempDir Path dir) throws IOException {
        List<Object[]> pieces = new ArrayList<>(List.of(new Object[] {"<unk>", 0f}, new Object[] {"\n<s>\n", 0f},
                new Object[] {"\n</s>\n", 0f}));
        for (int b = 0; b < 256; b++) {
            pieces.add(new Object[] {String.format("<0x%02X>", b), 0f});
        }
        // scores decide which adjacent pair merges first: "ab" (-5) before "bc" (-6), so "abc" is "ab"+"c" first
        String[][] words = {{" ", "-1"}, {"a", "-2"}, {"b", "-3"}, {"c", "-4"}, {"ab", "-5"}, {"bc", "-6"},
                {" a", "-7"}, {" ab", "-8"}, {"abc", "-9"}, {" abc", "-10"}, {"ca", "-11"}, {" b", "-12"}};
        for (String[] w : words) {
            pieces.add(new Object[] {w[0], Float.parseFloat(w[1])});
        }
        Path bin = dir.resolve("tok.bin");
        Files.write(bin, llama2cFile(pieces));
        Path out = dir.resolve("hf");
        assertEquals(pieces.size(), Llama2cTokenizerConverter.convert(bin, out, 64));

        Llama2cReferenceEncoder reference = new Llama2cReferenceEncoder(Llama2cTokenizerFile.read(bin));
        try (TextTokenizer tokenizer = TextTokenizer.load(out)) {
            for (String text : List.of("abc", "bca", "abcab", "a b c", "cab abc", "", " ", "ab  c", "aé", "x🦙y")) {
                long[] ids = tokenizer.encode(text);
                assertArrayEquals(reference.encode(text), ids, "'" + text + "'");
                assertEquals(text.isEmpty() ? "" : text, tokenizer.decode(ids, true), "round trip of '" + text + "'");
            }
            assertArrayEquals(new long[] {259 + 9}, tokenizer.encode("abc"), "one token: ' abc'");
            // é is not a piece: its two UTF-8 bytes, C3 A9, are ids 3 + 0xC3 and 3 + 0xA9
            assertArrayEquals(new long[] {259 + 6, 3 + 0xC3, 3 + 0xA9}, tokenizer.encode("aé"));
            assertEquals(1, tokenizer.bosToken().orElseThrow().id());
            assertEquals(2, tokenizer.eosToken().orElseThrow().id());
            assertEquals(0, tokenizer.unkToken().orElseThrow().id());
            assertEquals(64, tokenizer.config().modelMaxLength());
        }
    }

    @Test
    void malformedFilesAreRejectedWithTheReason(@TempDir Path dir) throws IOException {
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[2]);
        assertTrue(assertThrows(TokenizerException.class, () -> Llama2cTokenizerFile.read(empty)).getMessage()
                .contains("4-byte header"));

        byte[] good = llama2cFile(List.of(new Object[] {"a", 0f}, new Object[] {"b", -1f}));
        Path truncated = Files.write(dir.resolve("truncated.bin"), Arrays.copyOf(good, good.length - 1));
        assertTrue(assertThrows(TokenizerException.class, () -> Llama2cTokenizerFile.read(truncated)).getMessage()
                .contains("token 1"));

        Path duplicate = Files.write(dir.resolve("dup.bin"),
                llama2cFile(List.of(new Object[] {" a", 0f}, new Object[] {"\u2581a", -1f})));
        TokenizerException e = assertThrows(TokenizerException.class,
                () -> Llama2cTokenizerConverter.convert(duplicate, dir.resolve("out"), 0));
        assertTrue(e.getMessage().contains("tokens 0 and 1"), e.getMessage());

        Path invalid = Files.write(dir.resolve("invalid.bin"), llama2cFileOfBytes(new byte[] {(byte) 0xC3}));
        assertTrue(assertThrows(TokenizerException.class, () -> Llama2cTokenizerFile.read(invalid)).getMessage()
                .contains("not valid UTF-8"));
    }

    @Test
    void stories260KTokenizerDecodesTheExpectedGreedyTextAndEncodesLikeLlama2c(@TempDir Path dir) throws IOException {
        assumeTrue(SharedModels.find("stories260K/tok512.bin").isPresent(), SharedModels.absentMessage("stories260K"));
        Path bin = SharedModels.get("stories260K/tok512.bin");
        assertEquals(512, Llama2cTokenizerConverter.convert(bin, dir, 512));
        ExpectedGreedy expected = ExpectedGreedy.read(SharedModels.get("stories260K/EXPECTED_GREEDY.txt"));
        Llama2cReferenceEncoder reference = new Llama2cReferenceEncoder(Llama2cTokenizerFile.read(bin));
        try (TextTokenizer tokenizer = TextTokenizer.load(dir)) {
            assertEquals(512, tokenizer.vocabSize());
            assertEquals(expected.textAsLlama2cDecodes(), tokenizer.decode(expected.ids(), true));
            assertEquals(expected.rawText(), expected.rawPieces(tokenizer), "the pieces, as the file spells them");
            List<String> texts = new ArrayList<>(EXTRA_TEXTS);
            texts.add(expected.textAsLlama2cDecodes());
            GgmlVocabVectors.read(SharedModels.get("ggml-vocab"), "llama-spm").cases().forEach(c -> texts.add(c.text()));
            for (String text : texts) {
                assertArrayEquals(reference.encode(text), tokenizer.encode(text), "'" + text + "'");
            }
            TokenizerConfigFile config = tokenizer.config();
            assertEquals("<s>", config.bosToken());
            assertEquals("</s>", config.eosToken());
        }
        assertTrue(Files.readString(dir.resolve("tokenizer_config.json")).contains("\"add_bos_token\" : true"));
    }

    @Test
    void llama2VocabularyConvertedFromTokenizerBinPassesLlamaCppsSentencePieceVectors(@TempDir Path dir)
            throws IOException {
        assumeTrue(SharedModels.find("llama2-tokenizer-spm/tokenizer.bin").isPresent()
                && SharedModels.find("ggml-vocab").isPresent(), SharedModels.absentMessage("llama2-tokenizer-spm"));
        Path bin = SharedModels.get("llama2-tokenizer-spm/tokenizer.bin");
        assertEquals(32000, Llama2cTokenizerConverter.convert(bin, dir, 4096));
        GgmlVocabVectors vectors = GgmlVocabVectors.read(SharedModels.get("ggml-vocab"), "llama-spm");
        assertEquals(46, vectors.cases().size());
        List<String> failures = new ArrayList<>();
        try (TextTokenizer tokenizer = TextTokenizer.load(dir)) {
            for (GgmlVocabVectors.Case c : vectors.cases()) {
                long[] ids = tokenizer.encode(c.text());
                if (!Arrays.equals(c.ids(), ids)) {
                    failures.add(c + " but got " + Arrays.toString(ids));
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    /** A llama2.c tokenizer file: max_token_length, then (score, length, UTF-8 bytes) per {text, score}. */
    static byte[] llama2cFile(List<Object[]> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int max = pieces.stream().mapToInt(p -> ((String) p[0]).getBytes(StandardCharsets.UTF_8).length).max().orElse(1);
        out.writeBytes(le(4).putInt(max).array());
        for (Object[] p : pieces) {
            byte[] text = ((String) p[0]).getBytes(StandardCharsets.UTF_8);
            out.writeBytes(le(8).putFloat((Float) p[1]).putInt(text.length).array());
            out.writeBytes(text);
        }
        return out.toByteArray();
    }

    private static byte[] llama2cFileOfBytes(byte[] token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(le(4).putInt(token.length).array());
        out.writeBytes(le(8).putFloat(0f).putInt(token.length).array());
        out.writeBytes(token);
        return out.toByteArray();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
