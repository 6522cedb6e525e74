package dev.warden.gateway.metrics;

import java.util.Locale;

/** What a rail decided; the {@code decision} tag. */
public enum RailDecision {
    /** Nothing found. */
    PASS,
    /** Blocked the prompt or cut the response. */
    BLOCK,
    /** The rail could not run and the tenant's policy let the request through. */
    FAIL_OPEN,
    /** The rail could not run and the tenant's policy refused the request. */
    FAIL_CLOSED;

    /** The tag value: the lowercase name. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
