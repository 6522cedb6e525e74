package dev.warden.gateway.error;

import java.util.Objects;

/**
 * The input rails blocked the prompt: HTTP 400, code {@code content_filter}, param {@code messages}, with the
 * categories in {@code innererror} (as Azure OpenAI reports a filtered prompt).
 */
public final class ContentFilteredException extends GatewayException {

    private static final long serialVersionUID = 1L;

    private final transient ContentFilterDetails details;

    /** The prompt was blocked for {@code details}. */
    public ContentFilteredException(ContentFilterDetails details) {
        super("the prompt was filtered by the gateway's content policy (categories: "
                + String.join(", ", details.categories()) + "); rephrase it and try again",
                "content_filter", "messages", null);
        this.details = Objects.requireNonNull(details, "details");
    }

    /** Why. */
    public ContentFilterDetails details() {
        return details;
    }
}
