package dev.warden.judge.audit;

/**
 * Refusals of one group in one run (mirrors the proto message {@code warden.v1.GroupRefusal}).
 *
 * @param group the group's keyword
 * @param requests requests generated for this group (one per template)
 * @param refusals of those, responses judged refusals
 * @param refusalRate refusals / requests, in [0, 1]
 * @param low lower bound of the 95% Wilson score interval of the rate
 * @param high upper bound of that interval
 */
public record GroupRefusal(String group, int requests, int refusals, double refusalRate, double low, double high) {
}
