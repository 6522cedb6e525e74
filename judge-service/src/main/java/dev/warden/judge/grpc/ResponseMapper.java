package dev.warden.judge.grpc;

import com.google.protobuf.Duration;
import dev.warden.judge.score.CategoryScores;
import dev.warden.judge.score.Judgement;
import dev.warden.judge.score.Span;
import dev.warden.judge.score.TierKind;
import dev.warden.judge.score.TierVerdict;
import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.proto.v1.BiasAssessment;
import dev.warden.proto.v1.CategoryScore;
import dev.warden.proto.v1.JudgeScoreResponse;
import dev.warden.proto.v1.ReasoningAssessment;
import dev.warden.proto.v1.ResponseStance;
import dev.warden.proto.v1.TextSource;
import dev.warden.proto.v1.TextSpan;
import dev.warden.proto.v1.Tier;
import dev.warden.proto.v1.TierResult;
import dev.warden.proto.v1.Verdict;
import java.util.List;

/** Domain judgements to proto messages. */
public final class ResponseMapper {

    private ResponseMapper() {
    }

    /** The Score response of {@code j}. */
    public static JudgeScoreResponse score(Judgement j, String requestId) {
        JudgeScoreResponse.Builder b = JudgeScoreResponse.newBuilder()
                .setVerdict(verdict(j.verdict()))
                .setScore(j.score())
                .addAllCategoryScores(categories(j.categories(), j.threshold()))
                .setStance(switch (j.stance()) {
                    case NONE -> ResponseStance.RESPONSE_STANCE_UNSPECIFIED;
                    case REFUSAL -> ResponseStance.RESPONSE_STANCE_REFUSAL;
                    case COMPLIANCE -> ResponseStance.RESPONSE_STANCE_COMPLIANCE;
                })
                .setRefusalScore(j.refusalScore())
                .setBias(BiasAssessment.newBuilder().setScore(j.bias().score())
                        .addAllSpans(j.bias().spans().stream().map(ResponseMapper::span).toList()))
                .setDecidedBy(tier(j.decidedBy()))
                .setConfidence(j.confidence())
                .setLatency(duration(j.latency()))
                .setRequestId(requestId);
        List<TierVerdict> tiers = j.tiers();
        for (int i = 0; i < tiers.size(); i++) {
            TierVerdict t = tiers.get(i);
            b.addTierResults(TierResult.newBuilder().setTier(tier(t.tier()))
                    .setVerdict(verdict(dev.warden.judge.score.Verdict.of(t.score(), j.threshold())))
                    .setScore(t.score()).setConfidence(t.confidence()).setEscalated(i + 1 < tiers.size())
                    .setLatency(duration(t.latency())));
        }
        j.reasoning().ifPresent(r -> b.setReasoning(ReasoningAssessment.newBuilder().setVerdict(verdict(r.verdict()))
                .setScore(r.score()).addAllCategoryScores(categories(r.categories(), j.threshold()))
                .setFlagged(r.flagged())));
        return b.build();
    }

    private static List<CategoryScore> categories(CategoryScores scores, float threshold) {
        return HazardCategory.all().stream().map(c -> CategoryScore.newBuilder()
                .setCategoryValue(c.number()).setScore(scores.get(c)).setFlagged(scores.get(c) >= threshold).build())
                .toList();
    }

    private static TextSpan span(Span s) {
        return TextSpan.newBuilder().setSource(switch (s.source()) {
            case PROMPT -> TextSource.TEXT_SOURCE_PROMPT;
            case RESPONSE -> TextSource.TEXT_SOURCE_RESPONSE;
            case REASONING_TRACE -> TextSource.TEXT_SOURCE_REASONING_TRACE;
        }).setMessageIndex(s.messageIndex()).setStart(s.start()).setEnd(s.end()).setText(s.text())
                .setReason(s.reason()).build();
    }

    static Verdict verdict(dev.warden.judge.score.Verdict v) {
        return v == dev.warden.judge.score.Verdict.UNSAFE ? Verdict.VERDICT_UNSAFE : Verdict.VERDICT_SAFE;
    }

    static Tier tier(TierKind t) {
        return switch (t) {
            case RULES -> Tier.TIER_RULES;
            case CLASSIFIER -> Tier.TIER_CLASSIFIER;
            case LLM_JUDGE -> Tier.TIER_LLM_JUDGE;
        };
    }

    static Duration duration(java.time.Duration d) {
        return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
    }
}
