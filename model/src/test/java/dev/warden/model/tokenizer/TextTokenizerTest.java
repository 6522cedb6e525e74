package dev.warden.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading behaviour of {@link TextTokenizer} on tokenizer files written by the tests. */
class TextTokenizerTest {

    /**
     * A WordLevel tokenizer.json with its vocabulary listed out of id order, a non-special added token, a
     * truncation section and a post-processor that adds {@code <s>}.
     */
    private static final String TOKENIZER_JSON = """
            {"version": "1.0",
             "truncation": {"direction": "Right", "max_length": 2, "strategy": "LongestFirst", "stride": 0},
             "padding": null,
             "added_tokens": [
               {"id": 0, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false,
                "normalized": false, "special": true},
               {"id": 1, "content": "</s>", "single_word": false, "lstrip": false, "rstrip": false,
                "normalized": false, "special": true},
               {"id": 6, "content": "<|extra|>", "single_word": false, "lstrip": false, "rstrip": false,
                "normalized": false, "special": false}],
             "normalizer": null,
             "pre_tokenizer": {"type": "WhitespaceSplit"},
             "post_processor": {"type": "TemplateProcessing",
               "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
               "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
               "special_tokens": {"<s>": {"id": "<s>", "ids": [0], "tokens": ["<s>"]}}},
             "decoder": null,
             "model": {"type": "WordLevel", "vocab": {"<s>": 0, "</s>": 1, "b": 3, "a": 2, "<unk>": 4, "c": 5},
                       "unk_token": "<unk>"}}
            """;

    private static Path write(Path dir, String config) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), TOKENIZER_JSON);
        if (config != null) {
            Files.writeString(dir.resolve("tokenizer_config.json"), config);
        }
        return dir;
    }

    @Test
    void neitherAddsSpecialTokensNorTruncates(@TempDir Path dir) throws IOException {
        try (TextTokenizer t = TextTokenizer.load(write(dir, null))) {
            // The post-processor would prepend <s> and the truncation section would cut to 2 tokens.
            assertArrayEquals(new long[] {2, 3, 5, 2}, t.encode("a b c a"));
            assertArrayEquals(new long[] {0, 2, 1}, t.encode("<s> a </s>"));
            assertEquals("a b c a", t.decode(new long[] {2, 3, 5, 2}, false));
            assertEquals("<s> a </s>", t.decode(new long[] {0, 2, 1}, false));
            assertEquals("a", t.decode(new long[] {0, 2, 1}, true));
        }
    }

    @Test
    void specialTokensAcceptStringsAndContentObjects(@TempDir Path dir) throws IOException {
        String config = """
                {"bos_token": {"__type": "AddedToken", "content": "<s>", "lstrip": false},
                 "eos_token": "</s>", "pad_token": null}
                """;
        try (TextTokenizer t = TextTokenizer.load(write(dir, config))) {
            assertEquals(new SpecialToken("<s>", 0), t.bosToken().orElseThrow());
            assertEquals(new SpecialToken("</s>", 1), t.eosToken().orElseThrow());
            assertFalse(t.padToken().isPresent());
            assertEquals(new SpecialToken("<unk>", 4), t.unkToken().orElseThrow(), "from model.unk_token");
        }
    }

    @Test
    void vocabularyCoversModelAndAddedTokens(@TempDir Path dir) throws IOException {
        try (TextTokenizer t = TextTokenizer.load(write(dir, null))) {
            assertEquals(7, t.vocabSize(), "largest id 6 (an added token) + 1");
            assertEquals(3, t.tokenId("b").orElseThrow());
            assertEquals(6, t.tokenId("<|extra|>").orElseThrow());
            assertFalse(t.tokenId("zzz").isPresent());
            assertEquals("<|extra|>", t.token(6).orElseThrow());
            assertFalse(t.token(99).isPresent());
            assertEquals(List.of("<s>", "</s>"), List.copyOf(t.specialTokens().keySet()), "only special=true");
            assertArrayEquals(new long[] {2, 6, 3}, t.encode("a<|extra|>b"));
        }
    }

    @Test
    void configNamingAnAbsentTokenIsRejected(@TempDir Path dir) throws IOException {
        TokenizerException e = assertThrows(TokenizerException.class,
                () -> TextTokenizer.load(write(dir, "{\"pad_token\": \"<pad>\"}")));
        assertEquals("tokenizer_config.json names pad_token '<pad>', which tokenizer.json does not contain",
                e.getMessage());
    }

    @Test
    void missingOrBrokenFilesAreReported(@TempDir Path dir) throws IOException {
        TokenizerException missing = assertThrows(TokenizerException.class, () -> TextTokenizer.load(dir));
        assertTrue(missing.getMessage().startsWith("no tokenizer.json in "), missing.getMessage());
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": ");
        assertThrows(TokenizerException.class, () -> TextTokenizer.load(dir));
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"WordLevel\", \"vocab\": {}}}");
        assertThrows(TokenizerException.class, () -> TextTokenizer.load(dir));
        write(dir, "{\"bos_token\": 5}");
        assertThrows(TokenizerException.class, () -> TextTokenizer.load(dir));
    }

    @Test
    void unigramVocabularyIsAListOfPieces(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), """
                {"version": "1.0", "added_tokens": [], "normalizer": null, "pre_tokenizer": null,
                 "post_processor": null, "decoder": null,
                 "model": {"type": "Unigram", "unk_id": 0,
                           "vocab": [["<unk>", 0.0], ["x", -1.0], ["y", -2.0]]}}
                """);
        try (TextTokenizer t = TextTokenizer.load(dir)) {
            assertEquals(2, t.tokenId("y").orElseThrow());
            assertEquals(3, t.vocabSize());
            assertEquals("<unk>", t.unkToken().orElseThrow().content());
            assertArrayEquals(new long[] {1, 2}, t.encode("xy"));
        }
    }

    @Test
    void addBosTokenFollowsTheConfigFlagThenThePostProcessor(@TempDir Path dir) throws IOException {
        String bos = "{\"bos_token\": \"<s>\"";
        Object[][] cases = { // tokenizer_config.json, whether BOS goes first, why
            {bos + ", \"add_bos_token\": false}", false, "the flag says no, although the post-processor adds it"},
            {bos + ", \"add_bos_token\": true}", true, "the flag says yes"},
            {bos + "}", true, "no flag: the post-processor adds <s>"},
            {"{\"add_bos_token\": true}", false, "no bos_token: nothing to add"},
        };
        for (Object[] c : cases) {
            try (TextTokenizer t = TextTokenizer.load(write(dir, (String) c[0]))) {
                assertEquals(c[1], t.addBosToken(), (String) c[2]);
                long[] expected = (Boolean) c[1] ? new long[] {0, 2, 3} : new long[] {2, 3};
                assertArrayEquals(expected, t.encodePrompt("a b"), (String) c[2]);
                assertArrayEquals(new long[] {2, 3}, t.encode("a b"), "encode never adds: " + c[2]);
            }
        }
        try (TextTokenizer t = TextTokenizer.load(write(dir, bos + ", \"add_bos_token\": true}"))) {
            assertArrayEquals(new long[] {0, 2}, t.encodePrompt("<s> a"), "BOS already first is not doubled");
        }
        assertThrows(TokenizerException.class, () -> TextTokenizer.load(write(dir, "{\"add_bos_token\": \"yes\"}")));
    }

    @Test
    void withoutFlagAPostProcessorThatAddsNoBosMeansNone(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), TOKENIZER_JSON.replace(
                "\"single\": [{\"SpecialToken\": {\"id\": \"<s>\", \"type_id\": 0}}, ", "\"single\": ["));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\"}");
        try (TextTokenizer t = TextTokenizer.load(dir)) {
            assertFalse(t.addBosToken(), "GPT-2 style: a BOS token exists but the post-processor does not add it");
            assertArrayEquals(new long[] {2, 3}, t.encodePrompt("a b"));
        }
        Files.writeString(dir.resolve("tokenizer.json"), TOKENIZER_JSON.replaceFirst(
                "(?s)\"post_processor\": \\{.*?\"tokens\": \\[\"<s>\"\\]}}},", "\"post_processor\": null,"));
        try (TextTokenizer t = TextTokenizer.load(dir)) {
            assertTrue(t.addBosToken(), "saying nothing either way: BOS first, as the project always did");
        }
    }
}
