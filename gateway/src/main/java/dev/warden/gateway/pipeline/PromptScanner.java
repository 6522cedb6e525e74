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
     * Scans a request's messages with a tenant's overrides of the learned heads' settings; scanners without learned
     * heads ignore them.
     */
    default Scan scan(List<Message> messages, Overrides overrides) {
        return scan(messages);
    }

    /** A scanner that finds nothing (the detector is not installed). */
    static PromptScanner none() {
        return messages -> Scan.CLEAN;
    }

    /**
     * A tenant's overrides of the learned heads' settings (its policy's {@code rails_point} and
     * {@code injection_on_user_messages}); a null component keeps the scanner's own, that is the gateway's
     * {@code rails.learned.*} configuration.
     *
     * @param point the operating point the heads decide at
     * @param injectionOnUser whether the injection head also scores user messages, not only tool messages
     */
    record Overrides(OperatingPoint point, Boolean injectionOnUser) {

        /** No overrides: the scanner's own settings. */
        public static final Overrides NONE = new Overrides(null, null);

        /** The operating point to decide at: this override, or {@code own} when there is none. */
        public OperatingPoint pointOr(OperatingPoint own) {
            return point == null ? own : point;
        }

        /** Whether the injection head scores user messages: this override, or {@code own} when there is none. */
        public boolean injectionOnUserOr(boolean own) {
            return injectionOnUser == null ? own : injectionOnUser;
        }
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
