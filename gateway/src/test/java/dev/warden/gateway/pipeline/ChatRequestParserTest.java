package dev.warden.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.error.InvalidRequestException;
import dev.warden.gateway.error.PayloadTooLargeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatRequestParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ChatRequestParser parser = new ChatRequestParser(4, 60, 100, 64, 1000, 2);

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private ChatRequest parse(String body) throws Exception {
        return parser.parse(json(body));
    }

    private InvalidRequestException invalid(String body) throws Exception {
        JsonNode node = json(body);
        return assertThrows(InvalidRequestException.class, () -> parser.parse(node));
    }

    @Test
    void fullRequestIsRead() throws Exception {
        ChatRequest r = parse("{'model': 'm', 'messages': [{'role': 'system', 'content': 'be brief'},"
                + " {'role': 'user', 'content': [{'type': 'text', 'text': 'hi '}, {'type': 'text', 'text': 'there'}]}],"
                + " 'stream': true, 'stream_options': {'include_usage': true}, 'temperature': 0.5, 'top_p': 1,"
                + " 'max_tokens': 10, 'stop': ['###', 'END'], 'seed': 7, 'n': 1, 'tools': [], 'user': 'u1',"
                + " 'metadata': {'team': 'a'}}");
        assertEquals("m", r.model());
        assertEquals(List.of(Message.system("be brief"), Message.user("hi there")), r.messages());
        assertTrue(r.stream());
        assertTrue(r.includeUsage());
        assertEquals(0.5f, r.temperature());
        assertEquals(1f, r.topP());
        assertEquals(10, r.maxTokens());
        assertEquals(List.of("###", "END"), r.stop());
        assertEquals(7L, r.seed());
    }

    @Test
    void defaultsApplyWhenParametersAreAbsent() throws Exception {
        ChatRequest r = parse("{'model': 'm', 'messages': [{'role': 'user', 'content': 'x'}]}");
        assertFalse(r.stream());
        assertFalse(r.includeUsage());
        assertNull(r.temperature());
        assertNull(r.topP());
        assertEquals(64, r.maxTokens(), "the configured default budget");
        assertEquals(List.of(), r.stop());
    }

    @Test
    void assistantTurnWithoutContentIsAllowed() throws Exception {
        ChatRequest r = parse("{'model': 'm', 'messages': [{'role': 'user', 'content': 'x'},"
                + " {'role': 'assistant', 'content': null}, {'role': 'tool', 'content': 'out'}]}");
        assertEquals("", r.messages().get(1).content());
    }

    @Test
    void messagesAreRequiredNonEmptyAndBounded() throws Exception {
        assertEquals("messages", invalid("{'model': 'm'}").param());
        assertEquals("missing_required_parameter", invalid("{'model': 'm'}").code());
        assertEquals("messages", invalid("{'model': 'm', 'messages': []}").param());
        assertEquals("messages", invalid("{'model': 'm', 'messages': 'hi'}").param());
        String five = "{'role': 'user', 'content': 'x'},".repeat(5);
        assertEquals("messages", invalid("{'model': 'm', 'messages': [" + five.substring(0, five.length() - 1) + "]}")
                .param());
    }

    @Test
    void modelIsRequired() throws Exception {
        assertEquals("model", invalid("{'messages': [{'role': 'user', 'content': 'x'}]}").param());
        assertEquals("model", invalid("{'model': '', 'messages': [{'role': 'user', 'content': 'x'}]}").param());
    }

    @Test
    void rolesAreChecked() throws Exception {
        InvalidRequestException e = invalid("{'model': 'm', 'messages': [{'role': 'user', 'content': 'x'},"
                + " {'role': 'wizard', 'content': 'y'}]}");
        assertEquals("messages[1].role", e.param());
        assertTrue(e.getMessage().contains("system, user, assistant or tool"));
        assertEquals("messages[0].role", invalid("{'model': 'm', 'messages': [{'content': 'x'}]}").param());
        assertEquals("messages[0].content", invalid("{'model': 'm', 'messages': [{'role': 'user'}]}").param());
    }

    @Test
    void onlyTextPartsAreAccepted() throws Exception {
        assertEquals("messages[0].content[0]", invalid("{'model': 'm', 'messages': [{'role': 'user', 'content':"
                + " [{'type': 'image_url', 'image_url': {'url': 'x'}}]}]}").param());
    }

    @Test
    void samplingParametersAreRangeChecked() throws Exception {
        String msgs = "'messages': [{'role': 'user', 'content': 'x'}]";
        assertEquals("temperature", invalid("{'model': 'm', " + msgs + ", 'temperature': 2.5}").param());
        assertEquals("temperature", invalid("{'model': 'm', " + msgs + ", 'temperature': -0.1}").param());
        assertEquals(2f, parse("{'model': 'm', " + msgs + ", 'temperature': 2}").temperature());
        assertEquals("top_p", invalid("{'model': 'm', " + msgs + ", 'top_p': 0}").param());
        assertEquals("top_p", invalid("{'model': 'm', " + msgs + ", 'top_p': 1.5}").param());
        assertEquals("max_tokens", invalid("{'model': 'm', " + msgs + ", 'max_tokens': 0}").param());
        assertEquals("max_tokens", invalid("{'model': 'm', " + msgs + ", 'max_tokens': 1001}").param());
        assertEquals("max_tokens", invalid("{'model': 'm', " + msgs + ", 'max_tokens': 5,"
                + " 'max_completion_tokens': 6}").param());
        assertEquals(6, parse("{'model': 'm', " + msgs + ", 'max_completion_tokens': 6}").maxTokens());
        assertEquals("n", invalid("{'model': 'm', " + msgs + ", 'n': 2}").param());
        assertEquals("stream", invalid("{'model': 'm', " + msgs + ", 'stream': 'yes'}").param());
        assertEquals("seed", invalid("{'model': 'm', " + msgs + ", 'seed': 1.5}").param());
    }

    @Test
    void stopSequencesAreBounded() throws Exception {
        String msgs = "'messages': [{'role': 'user', 'content': 'x'}]";
        assertEquals(List.of("x"), parse("{'model': 'm', " + msgs + ", 'stop': 'x'}").stop());
        assertEquals("stop", invalid("{'model': 'm', " + msgs + ", 'stop': ['a', 'b', 'c']}").param());
        assertEquals("stop", invalid("{'model': 'm', " + msgs + ", 'stop': ['']}").param());
        assertEquals("stop", invalid("{'model': 'm', " + msgs + ", 'stop': 3}").param());
    }

    @Test
    void unsupportedParametersAreRefusedUnlessNeutral() throws Exception {
        String msgs = "'messages': [{'role': 'user', 'content': 'x'}]";
        InvalidRequestException tools = invalid("{'model': 'm', " + msgs + ", 'tools': [{'type': 'function'}]}");
        assertEquals("tools", tools.param());
        assertEquals("unsupported_parameter", tools.code());
        assertEquals("logit_bias", invalid("{'model': 'm', " + msgs + ", 'logit_bias': {'5': 1}}").param());
        assertEquals("presence_penalty", invalid("{'model': 'm', " + msgs + ", 'presence_penalty': 0.5}").param());
        parse("{'model': 'm', " + msgs + ", 'logit_bias': {}, 'presence_penalty': 0, 'tool_choice': 'none'}");
    }

    @Test
    void logprobsAndTopLogprobsAreReadAndChecked() throws Exception {
        String msgs = "'messages': [{'role': 'user', 'content': 'x'}]";
        ChatRequest none = parse("{'model': 'm', " + msgs + "}");
        assertFalse(none.logprobs());
        assertEquals(0, none.topLogprobs());
        ChatRequest asked = parse("{'model': 'm', " + msgs + ", 'logprobs': true, 'top_logprobs': 20}");
        assertTrue(asked.logprobs());
        assertEquals(20, asked.topLogprobs());
        assertEquals("top_logprobs", invalid("{'model': 'm', " + msgs + ", 'logprobs': true, 'top_logprobs': 21}")
                .param());
        assertEquals("top_logprobs", invalid("{'model': 'm', " + msgs + ", 'logprobs': true, 'top_logprobs': -1}")
                .param());
        InvalidRequestException withoutLogprobs = invalid("{'model': 'm', " + msgs + ", 'top_logprobs': 3}");
        assertEquals("top_logprobs", withoutLogprobs.param());
        assertTrue(withoutLogprobs.getMessage().contains("logprobs: true"), withoutLogprobs.getMessage());
        assertEquals("logprobs", invalid("{'model': 'm', " + msgs + ", 'logprobs': 'yes'}").param());
    }

    @Test
    void nAboveOneIsAClearError() throws Exception {
        String msgs = "'messages': [{'role': 'user', 'content': 'x'}]";
        assertEquals(1, parse("{'model': 'm', " + msgs + ", 'n': 1}").messages().size());
        InvalidRequestException two = invalid("{'model': 'm', " + msgs + ", 'n': 3}");
        assertEquals("n", two.param());
        assertEquals("invalid_value", two.code());
        assertTrue(two.getMessage().contains("only n=1 is supported"), two.getMessage());
    }

    @Test
    void promptBeyondTheCharacterLimitIs413() throws Exception {
        String sixty = "x".repeat(60);
        parse("{'model': 'm', 'messages': [{'role': 'user', 'content': '" + sixty + "'}, {'role': 'assistant',"
                + " 'content': '" + "y".repeat(40) + "'}]}");
        JsonNode body = json("{'model': 'm', 'messages': [{'role': 'user', 'content': '" + sixty + "'}, {'role':"
                + " 'assistant', 'content': '" + sixty + "'}]}");
        assertEquals("messages", assertThrows(PayloadTooLargeException.class, () -> parser.parse(body)).param());
    }

    @Test
    void messageBeyondThePerMessageLimitIs413() throws Exception {
        JsonNode body = json("{'model': 'm', 'messages': [{'role': 'user', 'content': '" + "x".repeat(61) + "'}]}");
        assertEquals("messages[0].content",
                assertThrows(PayloadTooLargeException.class, () -> parser.parse(body)).param());
    }

    @Test
    void responseFormatAndUnknownParametersAreRefused() throws Exception {
        String msgs = "'messages': [{'role': 'user', 'content': 'hi'}]";
        InvalidRequestException format = invalid("{'model': 'm', " + msgs
                + ", 'response_format': {'type': 'json_object'}}");
        assertEquals("response_format", format.param());
        assertEquals("unsupported_parameter", format.code());
        InvalidRequestException unknown = invalid("{'model': 'm', " + msgs + ", 'frobnicate': 1}");
        assertEquals("frobnicate", unknown.param());
        assertEquals("unsupported_parameter", unknown.code());
        parse("{'model': 'm', " + msgs + ", 'response_format': {'type': 'text'}, 'user': 'u-1', 'store': false}");
    }

    @Test
    void nonObjectBodyIsInvalidJson() throws Exception {
        assertEquals("invalid_json", invalid("[1, 2]").code());
    }
}
