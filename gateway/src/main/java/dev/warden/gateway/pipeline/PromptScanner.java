package dev.warden.gateway.pipeline;

import java.util.List;

/**
 * The jailbreak / prompt-injection detector as the input rails see it: the one place where a detector plugs
 * into the pipeline. Implementations are thread-safe and do CPU work only (no I/O).
 */
@FunctionalInterface
public interface PromptScanner {

    /** Scans a request's messages. */
    Scan scan(List<Message> messages);

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
