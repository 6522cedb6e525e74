package dev.warden.gateway.rails;

import dev.warden.guard.taxonomy.AttackFamily;
/**
 * One piece of evidence before scoring.
 *
 * @param family     the attack family
 * @param key        what produced it (a rule id, or a detector-made key); one key counts once per family
 * @param weight     weight without a harmful request
 * @param harmWeight weight when the request is harmful ({@code >= weight})
 * @param start      first code point in the message's original content
 * @param end        last code point, exclusive
 * @param reason     what was recognised
 */
record Evidence(AttackFamily family, String key, double weight, double harmWeight, int start, int end, String reason) {

    /** Evidence whose weight does not depend on harm. */
    static Evidence of(AttackFamily family, String key, double weight, int start, int end, String reason) {
        return new Evidence(family, key, weight, weight, start, end, reason);
    }

    /** The weight that applies. */
    double weight(boolean harmfulRequest) {
        return harmfulRequest ? harmWeight : weight;
    }

    /** The same evidence at another place (a payload's span in the message), with a reason prefix. */
    Evidence relocated(int newStart, int newEnd, String reasonPrefix) {
        return new Evidence(family, key, weight, harmWeight, newStart, newEnd, reasonPrefix + reason);
    }

    /** The same evidence under another family and key. */
    Evidence as(AttackFamily newFamily, String newKey, String reasonPrefix) {
        return new Evidence(newFamily, newKey, weight, harmWeight, start, end, reasonPrefix + reason);
    }
}
