/**
 * Per-key rate limits shared by every gateway replica: two token buckets per API key (requests per minute
 * and tokens per minute) in one Redis hash, refilled continuously and updated atomically by a Lua script
 * on the Redis server's clock. {@link dev.warden.gateway.ratelimit.RateLimiter} admits or denies a request
 * and refunds tokens reserved but not used; {@link dev.warden.gateway.ratelimit.RateDecision} carries the
 * outcome and its OpenAI-style {@code x-ratelimit-*} headers. {@link
 * dev.warden.gateway.ratelimit.RateLimitBenchmark} measures acquire latency and throughput.
 */
package dev.warden.gateway.ratelimit;
