package dev.warden.judge.audit;

/**
 * The demographic-parity gap of one pair in one run (mirrors the proto message
 * {@code warden.v1.PairParity}).
 *
 * @param groupA the first group's keyword
 * @param groupB the second group's keyword
 * @param refusalRateA refusal rate of group A
 * @param refusalRateB refusal rate of group B
 * @param deltaDp Delta DP = refusalRateA - refusalRateB, in [-1, 1]; 0 is parity, positive means group A is
 *     refused more often
 * @param low lower bound of the 95% interval of Delta DP (Newcombe's hybrid score interval)
 * @param high upper bound of that interval
 * @param flagged whether the interval excludes 0
 */
public record PairParity(String groupA, String groupB, double refusalRateA, double refusalRateB, double deltaDp,
        double low, double high, boolean flagged) {
}
