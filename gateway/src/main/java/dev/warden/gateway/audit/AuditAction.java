package dev.warden.gateway.audit;

/** What the gateway did with a request; {@link #wire()} is the value stored in the audit stream. */
public enum AuditAction {
    /** Served in full. */
    ALLOWED("allowed"),
    /** Refused before generation (input rails, policy, model not allowed). */
    BLOCKED("blocked"),
    /** Generation stopped by the output rails (finish_reason {@code content_filter}). */
    CUT("cut"),
    /** Failed: invalid request, an unreachable dependency, an internal error. */
    ERROR("error");

    private final String wire;

    AuditAction(String wire) {
        this.wire = wire;
    }

    /** The stored value: {@code allowed}, {@code blocked}, {@code cut} or {@code error}. */
    public String wire() {
        return wire;
    }

    /**
     * The action stored as {@code wire}.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static AuditAction fromWire(String wire) {
        for (AuditAction action : values()) {
            if (action.wire.equals(wire)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown audit action '" + wire
                + "': expected allowed, blocked, cut or error");
    }
}
