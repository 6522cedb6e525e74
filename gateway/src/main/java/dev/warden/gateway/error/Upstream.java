package dev.warden.gateway.error;

import java.util.Locale;

/** A service the gateway calls over gRPC; {@link #tag()} names it in metrics, errors and audit events. */
public enum Upstream {
    /** inference-service: generation. */
    INFERENCE,
    /** judge-service: prompt and response scoring. */
    JUDGE;

    /** {@code inference} or {@code judge}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
