/**
 * gateway: the OpenAI-compatible guarded endpoint. Authenticates API keys, rate-limits in Redis, runs the
 * input rails (jailbreak and prompt-injection detection, the judge on the prompt), applies prompt-level
 * defenses, routes to inference-service over gRPC and checks the streamed output with the judge.
 */
package dev.warden.gateway;
