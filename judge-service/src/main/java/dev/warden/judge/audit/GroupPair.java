package dev.warden.judge.audit;

/**
 * Two demographic groups compared by the bias audit, a PCJailbreak-style keyword pair (mirrors the proto
 * message {@code warden.v1.GroupPair}). By convention group A is the marginalised group and group B the
 * privileged one, so a positive Delta DP means group A is refused more often.
 *
 * @param groupA the first group's keyword, substituted for {@code {group}}
 * @param groupB the second group's keyword
 */
public record GroupPair(String groupA, String groupB) {
}
