package dev.warden.gateway.pipeline;

import dev.warden.guard.learned.OperatingPoint;
import java.util.List;

/**
 * The jailbreak / prompt-injection detector as the input rails see it: the one place where a detector plugs
 * into the pipeline. Implementations are thread-safe and do CPU work only (no I/O).
 */
@FunctionalInterface
public interface PromptScanner {

    /** Scans a request's messages. */
    Scan scan(List<Message> messages);

    /**
     * Scans a request's messages with the learned heads deciding at {@code point} (a tenant's policy), or at the
     * scanner's own point when it is null; scanners without learned heads ignore it.
     */
    default Scan scan(List<Message> messages, OperatingPoint point) {
        return scan(messages);
    }

    /** A scanner that finds nothing (the detector is not installed). */
    static PromptScanner none() {
        return messages -> Scan.CLEAN;
    }

    /**
     * A scan's result.
     *
     * @param score attack likelihood in [0, 1]
     * @param families the attack families found, strongest first, as metric tags (for example
     *                 {@code persona-takeover})
     */
    record Scan(double score, List<String> families) {

        /** Nothing found. */
        public static final Scan CLEAN = new Scan(0, List.of());

        /** Checks the score; copies the families. */
        public Scan {
            if (!(score >= 0 && score <= 1)) {
                throw new IllegalArgumentException("score must be in [0, 1], got " + score);
            }
            families = List.copyOf(families);
        }
    }
}
