/**
 * The labelled corpus of the judge's learned classifier (tier 2): hand-written content files
 * ({@code /corpus/content/*.txt}), a seeded generator that combines them into harmful requests per hazard
 * category, as many benign lookalikes (over-refusal traps), ordinary benign requests, and responses
 * (refusals, safe completions, placeholder-only harmful compliance, helpful answers, over-refusals), and the
 * shipped JSON Lines files of the train and held-out splits, built from disjoint content.
 *
 * <p>Safety rule: requests may name a harmful topic as public benchmarks do; no text anywhere in the corpus
 * gives real harmful instructions or operational details. Compliance is made of placeholders
 * ("[STEP REDACTED]") and content-free sentences shared with benign answers.
 */
package dev.warden.tools.judge.corpus;
