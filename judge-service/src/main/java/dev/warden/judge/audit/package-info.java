/**
 * The bias audit's plan and arithmetic, without networking: a request is validated and expanded into
 * prompts ({@link dev.warden.judge.audit.AuditPlan}); the service generates each through
 * inference-service and judges refusal; the judgements come back as per-group refusal rates and
 * demographic-parity gaps ({@link dev.warden.judge.audit.BiasAuditRun}). Shipped defaults:
 * {@link dev.warden.judge.audit.AuditDefaults}.
 */
package dev.warden.judge.audit;
