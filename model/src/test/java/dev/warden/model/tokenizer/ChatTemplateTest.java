package dev.warden.model.tokenizer;

import static dev.warden.model.tokenizer.ChatMessage.assistant;
import static dev.warden.model.tokenizer.ChatMessage.system;
import static dev.warden.model.tokenizer.ChatMessage.tool;
import static dev.warden.model.tokenizer.ChatMessage.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the official chat templates of Llama 3, Llama 3.1, Qwen2, Mistral and Llama 2 (test resources:
 * their {@code tokenizer_config.json} with the template exactly as published) and compares with what
 * transformers produces: every expected string below was rendered by Python's Jinja2 3.1 configured as
 * transformers configures it ({@code ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)},
 * its {@code tojson} and {@code raise_exception}).
 */
class ChatTemplateTest {

    private static ChatTemplate template(String model) throws URISyntaxException {
        return ChatTemplate.load(Path.of(ChatTemplateTest.class.getResource("/chat-templates/" + model).toURI()));
    }

    /** A map keeping insertion order, like a Python dict: key, value, key, value ... */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void llama3() throws Exception {
        ChatTemplate t = template("llama-3-8b-instruct");
        assertFalse(t.isDefault());
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are a helpful assistant."
                + "<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHello!<|eot_id|><|start_header_id|>assistant"
                + "<|end_header_id|>\n\nHi there. How can I help?<|eot_id|><|start_header_id|>user<|end_header_id|>"
                + "\n\nTell me a joke.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
                t.render(List.of(system("You are a helpful assistant."), user("  Hello!  "),
                        assistant("Hi there. How can I help?"), user("Tell me a joke.")), true));
        assertEquals("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>"
                + "assistant<|end_header_id|>\n\nHello!<|eot_id|>",
                t.render(List.of(user("Hi"), assistant("Hello!\n")), false));
    }

    @Test
    void llama31WithSystemMessage() throws Exception {
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: "
                + "December 2023\nToday Date: 26 Jul 2024\n\nYou are a helpful assistant.<|eot_id|><|start_header_id|>"
                + "user<|end_header_id|>\n\nHello!<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHi there."
                + "<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nTell me a joke.<|eot_id|><|start_header_id|>"
                + "assistant<|end_header_id|>\n\n",
                template("llama-3.1-8b-instruct").render(List.of(system("You are a helpful assistant.\n"),
                        user("Hello!"), assistant("Hi there."), user("Tell me a joke.")), true));
    }

    @Test
    void llama31ReadsExtraVariables() throws Exception {
        // "not date_string is defined" must mean not (date_string is defined), as in Jinja2.
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: "
                + "December 2023\nToday Date: 24 Nov 2026\n\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n"
                + "What is 2+2?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
                template("llama-3.1-8b-instruct").render(List.of(user("What is 2+2?")), true,
                        Map.of("date_string", "24 Nov 2026")));
    }

    @Test
    void llama31WithToolsUsesTojsonIndentAndQuotesStringToolResults() throws Exception {
        Map<String, Object> weatherTool = ordered("type", "function", "function", ordered(
                "name", "get_weather", "description", "Get the weather – now",
                "parameters", ordered("type", "object", "properties", ordered("city", ordered("type", "string")),
                        "required", List.of("city"))));

        String rendered = template("llama-3.1-8b-instruct").render(List.of(user("Weather in Paris?"),
                tool("sunny, 21 C")), true, Map.of("tools", List.of(weatherTool)));
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nEnvironment: ipython\n"
                + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|><|start_header_id|>user"
                + "<|end_header_id|>\n\nGiven the following functions, please respond with a JSON for a function call "
                + "with its proper arguments that best answers the given prompt.\n\nRespond in the format {\"name\": "
                + "function name, \"parameters\": dictionary of argument name and its value}.Do not use variables.\n\n"
                + "{\n    \"type\": \"function\",\n    \"function\": {\n        \"name\": \"get_weather\",\n        "
                + "\"description\": \"Get the weather – now\",\n        \"parameters\": {\n            \"type\": "
                + "\"object\",\n            \"properties\": {\n                \"city\": {\n                    "
                + "\"type\": \"string\"\n                }\n            },\n            \"required\": [\n"
                + "                \"city\"\n            ]\n        }\n    }\n}\n\nWeather in Paris?<|eot_id|>"
                + "<|start_header_id|>ipython<|end_header_id|>\n\n\"sunny, 21 C\"<|eot_id|><|start_header_id|>"
                + "assistant<|end_header_id|>\n\n", rendered);
    }

    @Test
    void qwen2AddsItsDefaultSystemMessage() throws Exception {
        ChatTemplate t = template("qwen2-7b-instruct");
        assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello!<|im_end|>\n"
                + "<|im_start|>assistant\n", t.render(List.of(user("Hello!")), true));
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello!<|im_end|>\n<|im_start|>"
                + "assistant\nHi.<|im_end|>\n<|im_start|>user\nBye.<|im_end|>\n<|im_start|>assistant\n",
                t.render(List.of(system("Be brief."), user("Hello!"), assistant("Hi."), user("Bye.")), true));
    }

    @Test
    void mistralInstFormat() throws Exception {
        assertEquals("<s>[INST] Hello! [/INST]Hi.</s>[INST] Bye. [/INST]", template("mistral-7b-instruct-v0.1")
                .render(List.of(user("Hello!"), assistant("Hi."), user("Bye.")), true));
    }

    @Test
    void mistralRejectsBadRoleAlternationThroughRaiseException() throws Exception {
        ChatTemplate t = template("mistral-7b-instruct-v0.1");
        TemplateRaisedException e = assertThrows(TemplateRaisedException.class,
                () -> t.render(List.of(user("Hello!"), user("Again?")), true));
        assertEquals("Conversation roles must alternate user/assistant/user/assistant/...", e.templateMessage());
        assertEquals("chat template rejected the conversation: Conversation roles must alternate "
                + "user/assistant/user/assistant/...", e.getMessage());
        assertThrows(TemplateRaisedException.class, () -> t.render(List.of(system("Be brief."), user("Hi")), true));
    }

    @Test
    void llama2UsesPythonStripAndSystemBlock() throws Exception {
        ChatTemplate t = template("llama-2-7b-chat");
        assertEquals("<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\n  Hello! [/INST] Hi. </s><s>[INST] Bye. [/INST]",
                t.render(List.of(system("Be brief."), user("  Hello!  "), assistant(" Hi. "), user("Bye.")), true));
        assertThrows(TemplateRaisedException.class, () -> t.render(List.of(assistant("Hi.")), true));
    }

    @Test
    void defaultTemplateIsChatMlWhenTheCheckpointHasNone(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");
        ChatTemplate t = ChatTemplate.load(dir);
        assertTrue(t.isDefault());
        assertEquals(ChatTemplate.DEFAULT_TEMPLATE, t.source());
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
                t.render(List.of(system("Be brief."), user("Hi")), true));
        assertEquals("<|im_start|>user\nHi<|im_end|>\n", t.render(List.of(user("Hi")), false));
        assertTrue(ChatTemplate.load(dir.resolve("no-such-dir")).isDefault());
    }

    @Test
    void chatTemplateJinjaFileTakesPrecedence(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": {\"content\": \"<s>\"},"
                + " \"chat_template\": \"ignored\"}");
        Files.writeString(dir.resolve("chat_template.jinja"),
                "{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}\n");
        assertEquals("<s>[user]Hi", ChatTemplate.load(dir).render(List.of(user("Hi")), false));
    }

    @Test
    void namedTemplateListPicksDefault(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": [{\"name\": \"tool_use\","
                + " \"template\": \"T\"}, {\"name\": \"default\", \"template\": \"D{{ messages|length }}\"}]}");
        assertEquals("D1", ChatTemplate.load(dir).render(List.of(user("Hi")), false));
    }

    @Test
    void brokenTemplatesFailAtLoadTime() {
        ChatTemplateException syntax = assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.of("{% if true %}unterminated", null, null));
        assertTrue(syntax.getMessage().startsWith("chat template does not parse"), syntax.getMessage());
        ChatTemplateException filter = assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.of("{{ messages | no_such_filter }}", null, null));
        assertEquals("chat template uses the filter 'no_such_filter', which the Jinja engine does not provide",
                filter.getMessage());
        ChatTemplateException test = assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.of("{% if messages is no_such_test %}{% endif %}", null, null));
        assertTrue(test.getMessage().contains("'is no_such_test'"), test.getMessage());
        // Filter-like text inside string literals is not a filter.
        ChatTemplate.of("{{ '<|im_start|>' + 'a|b' }}", null, null);
    }

    @Test
    void renderErrorsAreReported() {
        ChatTemplate t = ChatTemplate.of("{{ no_such_function(1) }}", null, null);
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> t.render(List.of(user("x")), false));
        assertFalse(e instanceof TemplateRaisedException);
        assertTrue(e.getMessage().contains("no_such_function"), e.getMessage());
    }

    @Test
    void chatMessageValidatesRoles() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ChatMessage("robot", "x"));
        assertEquals("unknown chat role 'robot'; expected one of system, user, assistant, tool", e.getMessage());
        assertThrows(NullPointerException.class, () -> new ChatMessage("user", null));
        assertEquals(new ChatMessage("tool", "r"), tool("r"));
    }
}
