package dev.warden.judge.config;

import dev.warden.proto.v1.RequestLimit;
import java.util.List;
import java.util.Locale;

/** Rejects a judge configuration that cannot work, at startup, naming the key. */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    /**
     * Returns normally for a usable configuration.
     *
     * @throws IllegalArgumentException naming the first bad key and what it accepts
     */
    public static void validate(JudgeConfig c) {
        if (!(c.threshold() > 0f && c.threshold() <= 1f)) {
            throw new IllegalArgumentException("warden.judge.threshold must be in (0, 1], got " + c.threshold());
        }
        if (!(c.rules().sureSafe() > 0f && c.rules().sureSafe() < c.rules().sureUnsafe()
                && c.rules().sureUnsafe() <= 1f)) {
            throw new IllegalArgumentException("warden.judge.rules: need 0 < sure-safe < sure-unsafe <= 1, got "
                    + c.rules().sureSafe() + " and " + c.rules().sureUnsafe());
        }
        if (c.llmJudge().templates() < 1 || c.llmJudge().templates() > 3) {
            throw new IllegalArgumentException("warden.judge.llm-judge.templates must be 1, 2 or 3, got "
                    + c.llmJudge().templates());
        }
        if (!List.of("strict", "default", "lenient", "off").contains(c.classifier().guardPoint().strip()
                .toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("warden.judge.classifier.guard-point must be strict, default, lenient or"
                    + " off, got '" + c.classifier().guardPoint() + "'");
        }
        if (!(c.classifier().guardWeight() >= 0f && c.classifier().guardWeight() <= 1f)) {
            throw new IllegalArgumentException("warden.judge.classifier.guard-weight must be in [0, 1], got "
                    + c.classifier().guardWeight());
        }
        positive("llm-judge.max-new-tokens", c.llmJudge().maxNewTokens());
        atLeast("limits.max-text-code-points", c.limits().maxTextCodePoints(),
                RequestLimit.REQUEST_LIMIT_MAX_TEXT_CODE_POINTS_VALUE);
        atLeast("limits.max-messages", c.limits().maxMessages(), RequestLimit.REQUEST_LIMIT_MAX_MESSAGES_VALUE);
        positive("limits.max-batch", c.limits().maxBatch());
        positive("workers.threads", c.workers().threads());
        positive("workers.queue", c.workers().queue());
        positive("audit.concurrency", c.audit().concurrency());
        positive("audit.max-requests", c.audit().maxRequests());
        positive("geometry.chunk", c.geometry().chunk());
    }

    /** {@code value} is at least the suite's shared limit (the gateway sends up to it). */
    private static void atLeast(String key, int value, int shared) {
        if (value < shared) {
            throw new IllegalArgumentException("warden.judge." + key + " must be >= " + shared + " (the suite's shared"
                    + " limit, warden.v1.RequestLimit, which the gateway lets through), got " + value);
        }
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("warden.judge." + key + " must be >= 1, got " + value);
        }
    }
}
