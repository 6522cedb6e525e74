package dev.warden.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.error.InvalidRequestException;
import dev.warden.gateway.error.PayloadTooLargeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a chat completion request body into a {@link ChatRequest}. Each failure names the parameter by its
 * JSON path ({@code messages[2].role}) and says what is accepted. Parameters the gateway does not implement
 * ({@code tools}, {@code response_format}, {@code logit_bias}, penalties ...) are refused unless they hold their
 * neutral value, and parameters it does not know are refused too, so a client never gets silently different
 * behaviour. {@code n} above 1 is refused (one choice per request: the output rails judge one response).
 */
public final class ChatRequestParser {

    /** Parameters the gateway does not implement, with the value that is accepted as "not used". */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("tools", "[]"), Map.entry("tool_choice", "\"none\""), Map.entry("functions", "[]"),
            Map.entry("function_call", "\"none\""), Map.entry("logit_bias", "{}"),
            Map.entry("presence_penalty", "0"), Map.entry("frequency_penalty", "0"),
            Map.entry("audio", "null"), Map.entry("prediction", "null"), Map.entry("parallel_tool_calls", "false"),
            Map.entry("response_format", "{\"type\":\"text\"}"), Map.entry("store", "false"),
            Map.entry("modalities", "[\"text\"]"), Map.entry("web_search_options", "null"),
            Map.entry("reasoning_effort", "null"), Map.entry("service_tier", "\"auto\""));

    /**
     * Parameters the gateway reads, or accepts and ignores because they change nothing it does ({@code user},
     * {@code safety_identifier}: end-user ids for abuse tracking; {@code metadata}: tags for stored completions,
     * which the gateway never stores). Anything neither here nor in {@link #UNSUPPORTED} is refused.
     */
    private static final Set<String> KNOWN = Set.of("model", "messages", "stream", "stream_options", "temperature",
            "top_p", "max_tokens", "max_completion_tokens", "n", "stop", "seed", "logprobs", "top_logprobs", "user",
            "safety_identifier", "metadata");

    /** Most alternatives per token {@code top_logprobs} may ask for (OpenAI's limit, and inference-service's). */
    public static final int MAX_TOP_LOGPROBS = 20;

    private final int maxMessages;
    private final int maxMessageChars;
    private final int maxPromptChars;
    private final int defaultMaxTokens;
    private final int maxTokens;
    private final int maxStop;

    /**
     * A parser with these limits.
     *
     * @param maxMessages most messages (400 beyond)
     * @param maxMessageChars most code points of one message (413 beyond)
     * @param maxPromptChars most code points of all messages (413 beyond)
     * @param defaultMaxTokens completion budget when the request sets none
     * @param maxTokens largest {@code max_tokens} accepted (400 beyond)
     * @param maxStop most stop sequences
     */
    public ChatRequestParser(int maxMessages, int maxMessageChars, int maxPromptChars, int defaultMaxTokens,
                             int maxTokens, int maxStop) {
        this.maxMessages = maxMessages;
        this.maxMessageChars = maxMessageChars;
        this.maxPromptChars = maxPromptChars;
        this.defaultMaxTokens = defaultMaxTokens;
        this.maxTokens = maxTokens;
        this.maxStop = maxStop;
    }

    /**
     * Validates {@code body}.
     *
     * @throws InvalidRequestException for a missing or invalid parameter
     * @throws PayloadTooLargeException when the messages hold more than the configured characters
     */
    public ChatRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw InvalidRequestException.invalidJson("expected a JSON object");
        }
        String model = requiredString(body, "model");
        List<Message> messages = messages(body.path("messages"));
        body.fieldNames().forEachRemaining(name -> {
            if (!KNOWN.contains(name) && !UNSUPPORTED.containsKey(name)) {
                throw new InvalidRequestException(printable(name), "unsupported_parameter",
                        "the gateway does not support the parameter '" + printable(name) + "'");
            }
        });
        for (Map.Entry<String, String> unsupported : UNSUPPORTED.entrySet()) {
            JsonNode value = body.get(unsupported.getKey());
            if (value != null && !value.isNull() && !neutral(value, unsupported.getValue())) {
                throw new InvalidRequestException(unsupported.getKey(), "unsupported_parameter",
                        "the gateway does not support '" + unsupported.getKey() + "'");
            }
        }
        int n = optionalInt(body, "n", 1);
        if (n != 1) {
            throw InvalidRequestException.invalidValue("n", "only n=1 is supported (one choice per request: the"
                    + " output rails judge one response), got " + n + "; send " + n + " requests instead");
        }
        boolean logprobs = optionalBoolean(body, "logprobs", false);
        int topLogprobs = optionalInt(body, "top_logprobs", 0);
        if (topLogprobs < 0 || topLogprobs > MAX_TOP_LOGPROBS) {
            throw InvalidRequestException.invalidValue("top_logprobs", "top_logprobs must be in [0, "
                    + MAX_TOP_LOGPROBS + "], got " + topLogprobs);
        }
        if (topLogprobs > 0 && !logprobs) {
            throw InvalidRequestException.invalidValue("top_logprobs", "top_logprobs needs logprobs: true");
        }
        boolean stream = optionalBoolean(body, "stream", false);
        boolean includeUsage = stream && optionalBoolean(body.path("stream_options"), "include_usage", false);
        Float temperature = optionalFloat(body, "temperature");
        if (temperature != null && !(temperature >= 0f && temperature <= 2f)) {
            throw InvalidRequestException.invalidValue("temperature", "temperature must be in [0, 2], got " + temperature);
        }
        Float topP = optionalFloat(body, "top_p");
        if (topP != null && !(topP > 0f && topP <= 1f)) {
            throw InvalidRequestException.invalidValue("top_p", "top_p must be in (0, 1], got " + topP);
        }
        int budget = maxTokens(body);
        return new ChatRequest(model, messages, stream, includeUsage, temperature, topP, budget, stop(body.get("stop")),
                optionalLong(body, "seed"), logprobs, topLogprobs);
    }

    private List<Message> messages(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            throw InvalidRequestException.missing("messages");
        }
        if (!node.isArray()) {
            throw InvalidRequestException.invalidValue("messages", "messages must be an array of messages");
        }
        if (node.isEmpty()) {
            throw InvalidRequestException.invalidValue("messages", "messages must hold at least one message");
        }
        if (node.size() > maxMessages) {
            throw InvalidRequestException.invalidValue("messages", "at most " + maxMessages + " messages, got "
                    + node.size());
        }
        List<Message> messages = new ArrayList<>(node.size());
        long chars = 0;
        for (int i = 0; i < node.size(); i++) {
            Message message = message(node.get(i), "messages[" + i + "]");
            int messageChars = message.content().codePointCount(0, message.content().length());
            if (messageChars > maxMessageChars) {
                throw new PayloadTooLargeException("messages[" + i + "].content", "messages[" + i + "] holds "
                        + messageChars + " characters, more than the gateway's limit of " + maxMessageChars
                        + " per message");
            }
            chars += messageChars;
            messages.add(message);
        }
        if (chars > maxPromptChars) {
            throw new PayloadTooLargeException("messages", "the messages hold " + chars
                    + " characters, more than the gateway's limit of " + maxPromptChars);
        }
        return messages;
    }

    private static Message message(JsonNode node, String path) {
        if (!node.isObject()) {
            throw InvalidRequestException.invalidValue(path, path + " must be an object with 'role' and 'content'");
        }
        JsonNode role = node.path("role");
        if (!role.isTextual()) {
            throw role.isMissingNode() ? InvalidRequestException.missing(path + ".role")
                    : InvalidRequestException.invalidValue(path + ".role", path + ".role must be a string");
        }
        if (!Message.ROLES.contains(role.textValue())) {
            throw InvalidRequestException.invalidValue(path + ".role", "unsupported role '" + printable(role.textValue())
                    + "': use system, user, assistant or tool");
        }
        return new Message(role.textValue(), content(node.path("content"), path + ".content",
                "assistant".equals(role.textValue())));
    }

    private static String content(JsonNode content, String path, boolean mayBeEmpty) {
        if (content.isTextual()) {
            return content.textValue();
        }
        if ((content.isMissingNode() || content.isNull()) && mayBeEmpty) {
            return "";
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < content.size(); i++) {
                JsonNode part = content.get(i);
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw InvalidRequestException.invalidValue(path + "[" + i + "]",
                            "only text content parts ({\"type\": \"text\", \"text\": ...}) are supported");
                }
                text.append(part.path("text").textValue());
            }
            return text.toString();
        }
        if (content.isMissingNode() || content.isNull()) {
            throw InvalidRequestException.missing(path);
        }
        throw InvalidRequestException.invalidValue(path, path + " must be a string or an array of text parts");
    }

    private int maxTokens(JsonNode body) {
        Integer completion = optionalPositiveInt(body, "max_completion_tokens");
        Integer legacy = optionalPositiveInt(body, "max_tokens");
        if (completion != null && legacy != null && !completion.equals(legacy)) {
            throw InvalidRequestException.invalidValue("max_tokens",
                    "max_tokens and max_completion_tokens disagree; set only one");
        }
        Integer budget = completion != null ? completion : legacy;
        if (budget == null) {
            return defaultMaxTokens;
        }
        if (budget > maxTokens) {
            throw InvalidRequestException.invalidValue(completion != null ? "max_completion_tokens" : "max_tokens",
                    "at most " + maxTokens + " completion tokens, got " + budget);
        }
        return budget;
    }

    private List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        List<String> sequences = new ArrayList<>();
        if (stop.isTextual()) {
            sequences.add(stop.textValue());
        } else if (stop.isArray()) {
            stop.forEach(s -> sequences.add(s.isTextual() ? s.textValue() : null));
        } else {
            throw InvalidRequestException.invalidValue("stop", "stop must be a string or an array of strings");
        }
        if (sequences.size() > maxStop) {
            throw InvalidRequestException.invalidValue("stop", "at most " + maxStop + " stop sequences, got "
                    + sequences.size());
        }
        for (String s : sequences) {
            if (s == null || s.isEmpty()) {
                throw InvalidRequestException.invalidValue("stop", "each stop sequence must be a non-empty string");
            }
        }
        return sequences;
    }

    private static boolean neutral(JsonNode value, String neutralJson) {
        return switch (neutralJson) {
            case "[]" -> value.isArray() && value.isEmpty();
            case "{}" -> value.isObject() && value.isEmpty();
            case "false" -> value.isBoolean() && !value.booleanValue();
            case "0" -> value.isNumber() && value.doubleValue() == 0;
            case "\"none\"" -> value.isTextual() && "none".equals(value.textValue());
            case "\"auto\"" -> value.isTextual() && ("auto".equals(value.textValue())
                    || "default".equals(value.textValue()));
            case "[\"text\"]" -> value.isArray() && value.size() == 1 && "text".equals(value.get(0).asText());
            case "{\"type\":\"text\"}" -> value.isObject() && value.size() == 1
                    && "text".equals(value.path("type").asText());
            default -> false;
        };
    }

    private static String requiredString(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            throw InvalidRequestException.missing(name);
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            throw InvalidRequestException.invalidValue(name, name + " must be a non-empty string");
        }
        return value.textValue();
    }

    private static boolean optionalBoolean(JsonNode body, String name, boolean absent) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw InvalidRequestException.invalidValue(name, name + " must be true or false");
        }
        return value.booleanValue();
    }

    private static Float optionalFloat(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw InvalidRequestException.invalidValue(name, name + " must be a number");
        }
        return value.floatValue();
    }

    private static int optionalInt(JsonNode body, String name, int absent) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw InvalidRequestException.invalidValue(name, name + " must be an integer");
        }
        return value.intValue();
    }

    private static Integer optionalPositiveInt(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        int v = optionalInt(body, name, 0);
        if (v <= 0) {
            throw InvalidRequestException.invalidValue(name, name + " must be > 0, got " + v);
        }
        return v;
    }

    private static Long optionalLong(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw InvalidRequestException.invalidValue(name, name + " must be an integer");
        }
        return value.longValue();
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
