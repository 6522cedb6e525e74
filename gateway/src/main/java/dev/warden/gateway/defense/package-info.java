/**
 * Prompt-level defenses applied before generation: the {@link dev.warden.gateway.defense.DefensePrompt}
 * (PCDefense: one safety standard whatever group a request names) and
 * {@link dev.warden.gateway.defense.Fencing} of untrusted content (tool output, retrieved documents) as data.
 */
package dev.warden.gateway.defense;
