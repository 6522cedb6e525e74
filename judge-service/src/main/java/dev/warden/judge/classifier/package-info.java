/**
 * Tier 2 of the judge's scoring chain: a learned classifier over hashed n-gram features, trained in Java
 * with DJL on the project's labelled template corpus (in {@code tools/}) and run in plain Java.
 *
 * <h2>Model</h2>
 * Multi-label logistic heads ({@link dev.warden.judge.classifier.Head}) over a shared table of
 * {@code 2^16} hash buckets: 14 category heads and an any-harm head trained on prompts; a refusal head and
 * a harmful-response head trained on responses, the latter also fed the prompt's any-harm logit (so that
 * "compliance with a harmful request" is what it learns). Features: {@link
 * dev.warden.judge.classifier.FeatureHasher} (words, word pairs, character 3-5-grams, signed hashing, per
 * group L2 scaling). Weights are shipped int8 with a per-head scale
 * ({@link dev.warden.judge.classifier.LinearHeads}).
 *
 * <h2>Use</h2>
 * {@link dev.warden.judge.classifier.HarmClassifier#load()} then {@code scorePrompt(text)} or
 * {@code scoreResponse(prompt, response)}: per-category probabilities in S-code order, overall harm,
 * refusal (responses), flags at the calibrated thresholds, a confidence and an {@code escalate} flag (the
 * score lies in the calibrated band where the chain should ask the next tier).
 *
 * <h2>Training</h2>
 * This package holds what the service serves: the feature hasher, the int8 heads, the files and their
 * metadata, the scores. The labelled corpus, the trainer, the threshold calibration and the evaluation are
 * offline code in {@code tools/} ({@code dev.warden.tools.judge}: {@code ./warden train-classifier},
 * {@code eval-classifier}, {@code eval-judge}); the benchmarks are in {@code benchmarks/}
 * ({@code ./warden bench-judge}, {@code bench-classifier}, {@code bench-rules}).
 */
package dev.warden.judge.classifier;
