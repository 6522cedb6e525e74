package dev.warden.model.tokenizer;

import static dev.warden.model.tokenizer.ChatMessage.assistant;
import static dev.warden.model.tokenizer.ChatMessage.user;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordLevelTokenizerWriterTest {

    private static final List<String> WORDS = List.of("hello", "world", "i", "do", "not", "know", "how", "are",
            "you", ",", ".", "!", "?", "'", "don", "t");
    private static final String TEMPLATE = "{{ bos_token }}{% for m in messages %}<{{ m.role }}> {{ m.content }} "
            + "{{ eos_token if m.role == 'assistant' else '<sep>' }} {% endfor %}"
            + "{% if add_generation_prompt %}<assistant>{% endif %}";

    @TempDir
    static Path dir;
    private static WordLevelTokenizerWriter writer;
    private static TextTokenizer tokenizer;

    @BeforeAll
    static void writeAndLoad() throws IOException {
        writer = WordLevelTokenizerWriter.builder()
                .extraSpecialTokens(List.of("<sep>", "<system>", "<user>", "<assistant>"))
                .words(WORDS).chatTemplate(TEMPLATE).modelMaxLength(256).build();
        writer.write(dir);
        tokenizer = TextTokenizer.load(dir);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static long id(String token) {
        return writer.id(token);
    }

    @Test
    void theJsonKeysComeInTheOrderWrittenSoThatEveryBuildWritesTheSameBytes() throws IOException {
        // Map.of iterates in an order salted per JVM run: two builds of the demo model wrote different
        // tokenizer.json bytes before its objects were ordered
        String json = Files.readString(dir.resolve(TextTokenizer.FILE_NAME));
        String split = json.substring(json.indexOf("\"type\" : \"Split\""));
        assertTrue(split.indexOf("\"pattern\"") < split.indexOf("\"behavior\"")
                && split.indexOf("\"behavior\"") < split.indexOf("\"invert\""), split);
        String post = json.substring(json.indexOf("\"post_processor\""));
        assertTrue(post.indexOf("\"type\"") < post.indexOf("\"single\"")
                && post.indexOf("\"single\"") < post.indexOf("\"pair\"")
                && post.indexOf("\"pair\"") < post.indexOf("\"special_tokens\""), post);
        assertEquals(json, writer.tokenizerJson());
    }

    @Test
    void idsAreSpecialsThenWordsInOrder() {
        assertEquals(0, writer.id("<pad>"));
        assertEquals(1, writer.id("<bos>"));
        assertEquals(2, writer.id("<eos>"));
        assertEquals(3, writer.id("<unk>"));
        assertEquals(4, writer.id("<sep>"));
        assertEquals(8, writer.id("hello"));
        assertEquals(8 + WORDS.size(), writer.vocabSize());
        assertEquals(writer.vocabSize(), tokenizer.vocabSize());
        assertEquals("WordLevel", tokenizer.modelType());
    }

    @Test
    void encodesWordsAndSpecialTokensInsideText() {
        assertArrayEquals(new long[] {1, 8, 9, 4}, tokenizer.encode("<bos> hello world <sep>"));
        assertArrayEquals(new long[] {id("<bos>"), id("hello"), id("<eos>")}, tokenizer.encode("<bos>hello<eos>"));
        assertArrayEquals(new long[] {id("hello"), id(","), id("world"), id("!")}, tokenizer.encode("Hello, WORLD!"));
        assertArrayEquals(new long[] {id("?"), id("!"), id("don"), id("'"), id("t")}, tokenizer.encode("?! don't"));
        assertArrayEquals(new long[0], tokenizer.encode(""));
    }

    @Test
    void unknownWordsBecomeUnk() {
        assertArrayEquals(new long[] {id("hello"), 3, id("world"), 3}, tokenizer.encode("hello stranger world ;"));
        assertEquals(3, tokenizer.unkToken().orElseThrow().id());
    }

    @Test
    void decodeJoinsTokensWithSingleSpaces() {
        String canonical = "<bos> hello , how are you ? i do not know . <eos>";
        long[] ids = tokenizer.encode(canonical);
        assertEquals(canonical, tokenizer.decode(ids, false));
        assertEquals("hello , how are you ? i do not know .", tokenizer.decode(ids, true));
        // Free text comes back lower-cased, whitespace collapsed, punctuation set apart.
        assertEquals("hello , world !", tokenizer.decode(tokenizer.encode("  Hello,\n\tworld!  "), false));
        assertEquals("hello <unk>", tokenizer.decode(tokenizer.encode("hello there"), false));
    }

    @Test
    void piecesMatchTheTokenizer() {
        for (String text : List.of("Hello, world!", "i don't  know...", "how are you?!", "a-b_c (d) [e] {f} \"g\"")) {
            List<String> pieces = WordLevelTokenizerWriter.pieces(text);
            long[] ids = tokenizer.encode(text);
            assertEquals(pieces.size(), ids.length, text + " -> " + pieces);
            for (int i = 0; i < ids.length; i++) {
                long expected = writer.vocabulary().containsKey(pieces.get(i)) ? writer.id(pieces.get(i)) : 3;
                assertEquals(expected, ids[i], text + " piece " + pieces.get(i));
            }
        }
        assertEquals(List.of("a", "-", "b_c"), WordLevelTokenizerWriter.pieces("a-b_c")); // _ is a word character
    }

    @Test
    void specialTokensComeFromTheConfig() {
        assertEquals(new SpecialToken("<bos>", 1), tokenizer.bosToken().orElseThrow());
        assertEquals(new SpecialToken("<eos>", 2), tokenizer.eosToken().orElseThrow());
        assertEquals(new SpecialToken("<pad>", 0), tokenizer.padToken().orElseThrow());
        assertEquals(4, tokenizer.tokenId("<sep>").orElseThrow());
        assertEquals("hello", tokenizer.token(8).orElseThrow());
        assertEquals(List.of("<pad>", "<bos>", "<eos>", "<unk>", "<sep>", "<system>", "<user>", "<assistant>"),
                List.copyOf(tokenizer.specialTokens().keySet()));
        TokenizerConfigFile config = tokenizer.config();
        assertEquals(256, config.modelMaxLength());
        assertEquals(List.of("<sep>", "<system>", "<user>", "<assistant>"), config.additionalSpecialTokens());
    }

    @Test
    void configIsWhatTransformersExpects() throws IOException {
        JsonNode config = new ObjectMapper().readTree(Files.readString(dir.resolve("tokenizer_config.json")));
        assertEquals("PreTrainedTokenizerFast", config.get("tokenizer_class").asText());
        assertEquals(false, config.get("clean_up_tokenization_spaces").asBoolean());
        assertEquals("<sep>", config.get("added_tokens_decoder").get("4").get("content").asText());
        assertTrue(config.get("added_tokens_decoder").get("4").get("special").asBoolean());
        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("tokenizer.json")));
        assertEquals("WordLevel", json.get("model").get("type").asText());
        assertEquals("<unk>", json.get("model").get("unk_token").asText());
        assertTrue(json.get("decoder").isNull());
    }

    @Test
    void chatTemplateRendersAndEncodesToTheExpectedIds() {
        ChatTemplate template = ChatTemplate.load(dir);
        String prompt = template.render(List.of(user("Hello!"), assistant("Hi? I do not know."), user("How are you?")),
                true);
        assertEquals("<bos><user> Hello! <sep> <assistant> Hi? I do not know. <eos> <user> How are you? <sep> "
                + "<assistant>", prompt);
        long[] ids = tokenizer.encode(prompt);
        assertArrayEquals(new long[] {1, id("<user>"), id("hello"), id("!"), 4, id("<assistant>"), 3, id("?"),
            id("i"), id("do"), id("not"), id("know"), id("."), 2, id("<user>"), id("how"), id("are"), id("you"),
            id("?"), 4, id("<assistant>")}, ids, Arrays.toString(ids));
    }

    @Test
    void invalidVocabulariesAreRejected() {
        assertThrows(TokenizerException.class, () -> build(List.of("hello", "hello")));
        assertThrows(TokenizerException.class, () -> build(List.of("Hello")));
        assertThrows(TokenizerException.class, () -> build(List.of("two words")));
        TokenizerException split = assertThrows(TokenizerException.class, () -> build(List.of("don't")));
        assertTrue(split.getMessage().contains("[don, ', t]"), split.getMessage());
        assertThrows(TokenizerException.class, () -> build(List.of("")));
        assertThrows(TokenizerException.class, () -> build(List.of("<eos>")));
        assertThrows(TokenizerException.class, () -> WordLevelTokenizerWriter.builder()
                .extraSpecialTokens(List.of("<bos>")).build());
        assertThrows(TokenizerException.class, () -> WordLevelTokenizerWriter.builder().chatTemplate("{% if %}").build());
        assertThrows(TokenizerException.class, () -> writer.id("absent"));
    }

    private static WordLevelTokenizerWriter build(List<String> words) {
        return WordLevelTokenizerWriter.builder().words(words).build();
    }
}
