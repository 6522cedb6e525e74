/**
 * Input rails: the jailbreak and prompt-injection detector ({@link dev.warden.gateway.rails.JailbreakDetector},
 * rule files under {@code rails/}), the model-free {@link dev.warden.gateway.rails.SuffixHeuristic} and the
 * {@link dev.warden.gateway.rails.PerplexitySignal} from inference Score, and their result types.
 */
package dev.warden.gateway.rails;
