/**
 * Training and evaluation of the judge's classifier (tier 2), offline: {@link
 * dev.warden.tools.judge.classifier.TrainClassifier} ({@code ./warden train-classifier}) builds the weights that
 * judge-service ships and runs with its own {@code dev.warden.judge.classifier} types; {@link
 * dev.warden.tools.judge.classifier.EvaluateClassifier} ({@code ./warden eval-classifier}) prints the held-out
 * tables.
 */
package dev.warden.tools.judge.classifier;
