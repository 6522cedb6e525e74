package dev.warden.gateway.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * The body of every error response, OpenAI's shape:
 * <pre>
 * {"error": {"message": "the model 'x' does not exist (GET /v1/models lists them)",
 *            "type": "invalid_request_error", "param": "model", "code": "model_not_found"}}
 * </pre>
 * A {@code content_filter} error adds Azure OpenAI's {@code innererror}:
 * <pre>
 * {"error": {"message": "the prompt was filtered ...", "type": "invalid_request_error", "param": "messages",
 *            "code": "content_filter",
 *            "innererror": {"code": "ResponsibleAIPolicyViolation", "categories": ["S1", "jailbreak"],
 *                           "content_filter_result": {"S1": {"filtered": true, "score": 0.97,
 *                                                            "name": "violent_crimes"}, ...}}}}
 * </pre>
 *
 * @param message human-readable, for the API client
 * @param type the OpenAI error type ({@code invalid_request_error}, {@code permission_error},
 *             {@code requests}, {@code tokens}, {@code server_error})
 * @param param the parameter at fault, or null
 * @param code a machine-readable code, or null
 * @param innererror extra detail (content filter results), or null (then left out)
 */
public record OpenAiError(String message, String type, String param, String code,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> innererror) {

    /** Checks the message and type. */
    public OpenAiError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(type, "type");
    }

    /** The JSON envelope {@code {"error": ...}}. */
    public Body body() {
        return new Body(this);
    }

    /**
     * The envelope.
     *
     * @param error the error
     */
    public record Body(OpenAiError error) {
    }
}
