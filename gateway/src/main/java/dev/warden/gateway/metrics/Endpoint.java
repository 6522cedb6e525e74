package dev.warden.gateway.metrics;

import java.util.Locale;

/** The API a request called; the {@code endpoint} tag. */
public enum Endpoint {
    /** {@code POST /v1/chat/completions}. */
    CHAT,
    /** {@code GET /v1/models}. */
    MODELS,
    /** {@code POST /v1/moderations}. */
    MODERATIONS,
    /** {@code /admin/*}. */
    ADMIN;

    /** The tag value: the lowercase name. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
