/**
 * The audit trail: one {@link dev.warden.gateway.audit.AuditEvent} per request decision, appended to the
 * Redis stream {@code <ns>audit} by {@link dev.warden.gateway.audit.AuditLog} (capped, approximately, at a
 * configured length) and read back newest first for tests and the admin API. An event names the key by
 * its id, never the key itself, and carries the prompt text only when the tenant's policy asks for it.
 */
package dev.warden.gateway.audit;
