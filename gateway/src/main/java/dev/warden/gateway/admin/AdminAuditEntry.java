package dev.warden.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.warden.gateway.audit.AuditEntry;
import java.util.List;
import java.util.Map;

/**
 * An audit event as the admin API shows it (the stream's fields, snake_case; absent ones left out).
 *
 * @param id the stream entry id
 * @param time Unix milliseconds when it was written
 * @param requestId the request id
 * @param action {@code allowed}, {@code blocked}, {@code cut} or {@code error}
 * @param tenant the tenant
 * @param keyId the key id
 * @param model the model
 * @param rails the rails that fired
 * @param categories the categories found
 * @param scores named scores
 * @param latencyMs named latencies
 * @param prompt the prompt, when the tenant's policy stores it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdminAuditEntry(String id, long time, String requestId, String action, String tenant, String keyId,
                              String model, List<String> rails, List<String> categories, Map<String, Double> scores,
                              Map<String, Long> latencyMs, String prompt) {

    /** The view of a stream entry. */
    public static AdminAuditEntry of(AuditEntry entry) {
        var e = entry.event();
        return new AdminAuditEntry(entry.id(), entry.time().toEpochMilli(), e.requestId(), e.action().wire(),
                e.tenant(), e.keyId(), e.model(), e.railsFired(), e.categories(), e.scores(), e.latenciesMs(),
                e.promptText());
    }
}
