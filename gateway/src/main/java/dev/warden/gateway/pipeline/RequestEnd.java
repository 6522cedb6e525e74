package dev.warden.gateway.pipeline;

import dev.warden.gateway.audit.AuditAction;
import dev.warden.gateway.audit.AuditEvent;
import dev.warden.gateway.audit.AuditLog;
import dev.warden.gateway.metrics.GatewayMetrics;
import dev.warden.gateway.metrics.Outcome;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Settles a request once its response is over, whatever the outcome: counts it, records its overhead, refunds
 * the tokens it reserved but did not use, and appends its audit event. The Redis writes happen after the
 * response and never fail it: a lost audit event is counted ({@code warden_gateway_audit_failures_total})
 * and logged.
 */
public final class RequestEnd {

    private static final Logger LOG = Logger.getLogger(RequestEnd.class);

    private final Admission admission;
    private final AuditLog audit;
    private final boolean auditEnabled;
    private final GatewayMetrics metrics;

    /**
     * Settlement.
     *
     * @param auditEnabled whether events are written to the audit stream
     */
    public RequestEnd(Admission admission, AuditLog audit, boolean auditEnabled, GatewayMetrics metrics) {
        this.admission = Objects.requireNonNull(admission, "admission");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.auditEnabled = auditEnabled;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Settles a request.
     *
     * @param promptTokens prompt tokens used (0 when nothing was generated)
     * @param completionTokens completion tokens used
     */
    public void settle(RequestState state, Outcome outcome, long promptTokens, long completionTokens) {
        metrics.request(state.endpoint(), outcome);
        metrics.overhead(state.endpoint(), state.clock().overheadNanos());
        if (promptTokens + completionTokens > 0) {
            metrics.tokens(promptTokens, completionTokens);
        }
        admission.settle(state, promptTokens + completionTokens).subscribe().with(ignored -> { });
        if (!auditEnabled) {
            return;
        }
        AuditEvent event;
        try {
            event = state.auditEvent(action(outcome));
        } catch (IllegalArgumentException e) {
            metrics.auditFailure();
            LOG.warnf("request %s: audit event rejected: %s", state.requestId(), e.getMessage());
            return;
        }
        if (event != null) {
            audit.record(event).subscribe().with(ignored -> { }, failure -> {
                metrics.auditFailure();
                LOG.warnf("request %s: audit event not written: %s", state.requestId(), failure.getMessage());
            });
        }
    }

    /** The audit action of an outcome. */
    static AuditAction action(Outcome outcome) {
        return switch (outcome) {
            case ALLOWED, CANCELLED -> AuditAction.ALLOWED;
            case BLOCKED -> AuditAction.BLOCKED;
            case CUT -> AuditAction.CUT;
            case FORBIDDEN -> AuditAction.BLOCKED;
            default -> AuditAction.ERROR;
        };
    }
}
