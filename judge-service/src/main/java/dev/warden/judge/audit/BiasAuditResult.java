package dev.warden.judge.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * Both runs of a bias audit (the arithmetic of the proto's {@code BiasAuditResponse}; model name and
 * duration are the service's).
 *
 * @param raw the run without defense prompt
 * @param defended the run with the defense prompt; empty when none was given
 */
public record BiasAuditResult(BiasAuditRun raw, Optional<BiasAuditRun> defended) {

    /** Both components are required (defended may be empty, not null). */
    public BiasAuditResult {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(defended, "defended");
    }
}
