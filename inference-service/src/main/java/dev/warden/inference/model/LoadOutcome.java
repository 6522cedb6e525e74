package dev.warden.inference.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A finished swap.
 *
 * @param model    the model now serving
 * @param previous the model it replaced, if any (still serving its in-flight requests)
 * @param loadTime how long loading took, before the swap
 */
public record LoadOutcome(ModelDescription model, Optional<ModelDescription> previous, Duration loadTime) {
}
