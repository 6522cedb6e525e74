/**
 * Alignment geometry (AQI-style): cluster-validity indices of safe vs unsafe activations per layer
 * ({@link dev.warden.judge.geometry.ClusterIndices}), the combined alignment index
 * ({@link dev.warden.judge.geometry.AlignmentIndex}) and the per-layer report with the best layer
 * ({@link dev.warden.judge.geometry.AlignmentGeometry}). Plain Java, no tensors: activations arrive as
 * float arrays (from inference-service's HiddenStates or a caller's precomputed sets).
 */
package dev.warden.judge.geometry;
