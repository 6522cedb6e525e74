package dev.warden.gateway.rails;

import dev.warden.guard.taxonomy.AttackFamily;
/**
 * One piece of evidence for an attack.
 *
 * @param family       the attack family
 * @param messageIndex the index of the message in the request
 * @param start        first code point of the evidence in the message's ORIGINAL content, inclusive
 * @param end          last code point, exclusive
 * @param matchedText  the original content's code points {@code [start, end)}
 * @param reason       what was recognised, for logs and audit
 */
public record Finding(AttackFamily family, int messageIndex, int start, int end, String matchedText, String reason) {

    /** Checks the indices and that nothing is null. */
    public Finding {
        if (family == null || matchedText == null || reason == null) {
            throw new IllegalArgumentException("family, matched text and reason are required");
        }
        if (messageIndex < 0 || start < 0 || end < start) {
            throw new IllegalArgumentException("finding needs messageIndex >= 0 and 0 <= start <= end, got message "
                    + messageIndex + " [" + start + ", " + end + ")");
        }
    }
}
