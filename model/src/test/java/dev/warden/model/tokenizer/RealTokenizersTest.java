package dev.warden.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.model.checkpoint.SharedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real tokenizers, loaded from their own {@code tokenizer.json} / {@code tokenizer_config.json} through
 * {@link TextTokenizer}:
 * <ul>
 *   <li>Llama-3 (128,000 BPE + 256 special tokens) against llama.cpp's {@code ggml-vocab-llama-bpe} vectors:
 *       every string to exactly the expected ids, and back;</li>
 *   <li>Mistral-7B v0.1 (SentencePiece BPE, byte fallback, 32,000). llama.cpp's SentencePiece vectors are
 *       for Llama-2's vocabulary, not Mistral's (those pass in {@link Llama2cTokenizerConverterTest} on the
 *       Llama-2 vocabulary, which uses the same {@code tokenizer.json} schema), so here: ids known from the
 *       vocabulary file, exact round trips of all 46 strings, byte fallback, and BPE's end state (no two
 *       adjacent output tokens form a merge of the file).</li>
 * </ul>
 * Plus which of them put BOS before raw text ({@link TextTokenizer#addBosToken()}) and that the Llama-3.2
 * chat template writes exactly one.
 */
class RealTokenizersTest {

    private static TextTokenizer llama3;
    private static TextTokenizer mistral;

    @BeforeAll
    static void load() {
        SharedModels.find("llama3-tokenizer-hf").ifPresent(dir -> llama3 = TextTokenizer.load(dir));
        SharedModels.find("mistral7b-tokenizer-hf").ifPresent(dir -> mistral = TextTokenizer.load(dir));
    }

    @AfterAll
    static void close() {
        if (llama3 != null) {
            llama3.close();
        }
        if (mistral != null) {
            mistral.close();
        }
    }

    private static GgmlVocabVectors vectors(String name) throws IOException {
        assumeTrue(SharedModels.find("ggml-vocab").isPresent(), SharedModels.absentMessage("ggml-vocab"));
        GgmlVocabVectors vectors = GgmlVocabVectors.read(SharedModels.get("ggml-vocab"), name);
        assertEquals(46, vectors.cases().size());
        return vectors;
    }

    @Test
    void llama3EncodesEveryLlamaCppBpeVectorExactlyAndDecodesItBack() throws IOException {
        assumeTrue(llama3 != null, SharedModels.absentMessage("llama3-tokenizer-hf"));
        List<String> failures = new ArrayList<>();
        for (GgmlVocabVectors.Case c : vectors("llama-bpe").cases()) {
            long[] ids = llama3.encode(c.text());
            if (!Arrays.equals(c.ids(), ids)) {
                failures.add(c + " but got " + Arrays.toString(ids));
            }
            assertEquals(c.text(), llama3.decode(c.ids(), false), "decoding " + c);
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void llama3SpecialTokensAndBos() {
        assumeTrue(llama3 != null, SharedModels.absentMessage("llama3-tokenizer-hf"));
        assertEquals(128256, llama3.vocabSize());
        assertEquals(new SpecialToken("<|begin_of_text|>", 128000), llama3.bosToken().orElseThrow());
        assertEquals(new SpecialToken("<|eot_id|>", 128009), llama3.eosToken().orElseThrow());
        assertArrayEquals(new long[] {128006, 882, 128007, 271, 9906, 128009},
                llama3.encode("<|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>"),
                "special tokens inside text are single tokens");
        // tokenizer_config.json has no add_bos_token; the post-processor (TemplateProcessing) adds BOS
        assertEquals(null, llama3.config().addBosToken());
        assertTrue(llama3.addBosToken());
        assertArrayEquals(new long[] {128000, 9906}, llama3.encodePrompt("Hello"));
        assertArrayEquals(new long[] {128000, 9906}, llama3.encodePrompt("<|begin_of_text|>Hello"), "never doubled");
        assertEquals("", llama3.decode(new long[] {128000, 128009}, true), "special tokens skipped");
    }

    @Test
    void llama32ChatTemplateWritesExactlyOneBos() throws IOException {
        assumeTrue(llama3 != null && SharedModels.find("chat-templates").isPresent(),
                SharedModels.absentMessage("chat-templates"));
        String source = Files.readString(SharedModels.get("chat-templates/meta-llama-Llama-3.2-3B-Instruct.jinja"));
        ChatTemplate template = ChatTemplate.of(source, "<|begin_of_text|>", "<|eot_id|>");
        String rendered = template.render(List.of(new ChatMessage("user", "Hello")), true,
                java.util.Map.of("date_string", "06 Dec 2026"));
        long[] ids = llama3.encode(rendered);
        assertEquals(128000, ids[0]);
        assertEquals(1, Arrays.stream(ids).filter(id -> id == 128000).count(), rendered);
        assertTrue(rendered.startsWith("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"), rendered);
        assertTrue(rendered.endsWith("<|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n"), rendered);
        assertArrayEquals(new long[] {128006, 78191, 128007, 271}, Arrays.copyOfRange(ids, ids.length - 4, ids.length),
                "the assistant header closes the prompt");
    }

    @Test
    void mistralKnownIdsRoundTripsAndBpeEndState() throws IOException {
        assumeTrue(mistral != null, SharedModels.absentMessage("mistral7b-tokenizer-hf"));
        assertEquals(32000, mistral.vocabSize());
        // ids as the vocabulary file spells them; '▁Hello' 22557 and '▁the' 272 are Mistral's, not Llama-2's
        assertArrayEquals(new long[] {22557}, mistral.encode("Hello"));
        assertArrayEquals(new long[] {272}, mistral.encode("the"));
        assertEquals(22557, mistral.tokenId("\u2581Hello").orElseThrow());
        // 🦙 is not in the vocabulary: its four UTF-8 bytes F0 9F A6 99 as <0xNN> tokens (ids byte + 3)
        long[] llama = mistral.encode("🦙");
        assertEquals(List.of("\u2581", "<0xF0>", "<0x9F>", "<0xA6>", "<0x99>"), tokens(mistral, llama));
        Set<String> merges = merges(SharedModels.get("mistral7b-tokenizer-hf/tokenizer.json"));
        for (GgmlVocabVectors.Case c : vectors("llama-spm").cases()) {
            long[] ids = mistral.encode(c.text());
            assertEquals(c.text(), mistral.decode(ids, false), "round trip of " + c);
            List<String> pieces = tokens(mistral, ids);
            if (!c.text().isEmpty()) {
                assertTrue(pieces.get(0).startsWith("\u2581"), "dummy prefix: " + pieces);
            }
            for (int i = 0; i + 1 < pieces.size(); i++) {
                assertFalse(merges.contains(pieces.get(i) + " " + pieces.get(i + 1)),
                        "BPE stopped although '" + pieces.get(i) + "' + '" + pieces.get(i + 1) + "' merge: " + c);
            }
        }
        assertTrue(mistral.addBosToken(), "tokenizer_config.json: add_bos_token true");
        assertArrayEquals(new long[] {1, 22557}, mistral.encodePrompt("Hello"));
        assertArrayEquals(new long[] {}, mistral.encode(""));
    }

    private static List<String> tokens(TextTokenizer tokenizer, long[] ids) {
        return Arrays.stream(ids).mapToObj(id -> tokenizer.token(id).orElseThrow()).toList();
    }

    private static Set<String> merges(Path tokenizerJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(tokenizerJson.toFile());
        Set<String> merges = new HashSet<>();
        for (JsonNode merge : root.path("model").path("merges")) {
            merges.add(merge.isArray() ? merge.get(0).asText() + " " + merge.get(1).asText() : merge.asText());
        }
        assertTrue(merges.size() > 50_000, "merges: " + merges.size());
        return merges;
    }
}
