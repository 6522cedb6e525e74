/**
 * Tier 2 of the judge's scoring chain: a learned classifier over hashed n-gram features, trained in Java
 * with DJL on the project's labelled corpus ({@link dev.warden.judge.corpus}) and run in plain Java.
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
 * <h2>Commands</h2>
 * <ul>
 *   <li>{@link dev.warden.judge.classifier.TrainClassifier}: regenerates the corpus and the weights,
 *       deterministically (dev-fold threshold calibration included);</li>
 *   <li>{@link dev.warden.judge.classifier.EvaluateClassifier}: held-out figures as Markdown;</li>
 *   <li>{@link dev.warden.judge.classifier.BenchmarkClassifier}: scores per second and latency on 2 KB texts.</li>
 * </ul>
 * Run them with {@code java -Dai.djl.offline=true -cp judge-service/target/classes:model/target/classes:$(cat
 * model/target/classpath.txt) CLASS} after {@code ./mvnw -pl judge-service -am package -DskipTests}.
 */
package dev.warden.judge.classifier;
