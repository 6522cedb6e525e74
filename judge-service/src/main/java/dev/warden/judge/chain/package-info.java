/**
 * Where the judge is put together: {@link dev.warden.judge.chain.JudgeAssembly} builds the {@code Judge} (its
 * scoring chain of tiers, bias and refusal scorers) from tier names and settings, for the service's CDI wiring
 * and for the tools and benchmarks that run the judge without a service. It depends on {@code tiers} and
 * {@code score}; nothing in the judge depends on it but the service's wiring ({@code app}).
 */
package dev.warden.judge.chain;
