package dev.warden.gateway.config;

import dev.warden.gateway.pipeline.Prompts;
import dev.warden.gateway.routing.Route;
import dev.warden.gateway.state.RedisNamespace;
import dev.warden.proto.v1.RequestLimit;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates {@link GatewayConfig} at startup and reports every problem at once, each naming its key, so a bad
 * deployment fails fast with a precise message.
 */
public final class ConfigCheck {

    private static final int MIN_ADMIN_TOKEN = 16;

    private ConfigCheck() {
    }

    /**
     * Checks the configuration.
     *
     * @throws IllegalArgumentException listing every invalid setting
     */
    public static void validate(GatewayConfig config) {
        List<String> problems = new ArrayList<>();
        config.adminToken().ifPresent(token -> {
            if (token.length() < MIN_ADMIN_TOKEN) {
                problems.add("warden.gateway.admin-token must be at least " + MIN_ADMIN_TOKEN + " characters");
            }
        });
        config.models().forEach((name, route) -> check(problems, () -> new Route(name, route.target(),
                route.upstreamModel().orElse(""), route.ownedBy())));
        check(problems, () -> Route.requireTarget("warden.gateway.judge.target", config.judge().target()));
        check(problems, () -> Prompts.tier("warden.gateway.judge.input-max-tier", config.judge().inputMaxTier()));
        check(problems, () -> Prompts.tier("warden.gateway.judge.output-max-tier", config.judge().outputMaxTier()));
        check(problems, () -> RedisNamespace.of(config.redis().namespace()));
        positive(problems, "warden.gateway.judge.timeout", config.judge().timeout().toNanos());
        positive(problems, "warden.gateway.inference.timeout", config.inference().timeout().toNanos());
        positive(problems, "warden.gateway.inference.retry-after", config.inference().retryAfter().toNanos());
        positive(problems, "warden.gateway.redis.timeout", config.redis().timeout().toNanos());
        if (config.auth().cacheTtl().isNegative()) {
            problems.add("warden.gateway.auth.cache-ttl must not be negative");
        }
        positive(problems, "warden.gateway.auth.cache-size", config.auth().cacheSize());
        positive(problems, "warden.gateway.audit.max-length", config.audit().maxLength());
        GatewayConfig.Limits limits = config.limits();
        positive(problems, "warden.gateway.limits.max-request-bytes", limits.maxRequestBytes());
        positive(problems, "warden.gateway.limits.max-messages", limits.maxMessages());
        positive(problems, "warden.gateway.limits.max-prompt-chars", limits.maxPromptChars());
        positive(problems, "warden.gateway.limits.max-message-chars", limits.maxMessageChars());
        positive(problems, "warden.gateway.limits.max-uri-bytes", limits.maxUriBytes());
        positive(problems, "warden.gateway.limits.max-header-bytes", limits.maxHeaderBytes());
        // the suite's shared limits (warden.v1.RequestLimit): more would pass here and be refused by the judge
        if (limits.maxMessages() > RequestLimit.REQUEST_LIMIT_MAX_MESSAGES_VALUE) {
            problems.add("warden.gateway.limits.max-messages must not exceed the suite's limit of "
                    + RequestLimit.REQUEST_LIMIT_MAX_MESSAGES_VALUE + " (judge-service refuses more)");
        }
        if (limits.maxMessageChars() > RequestLimit.REQUEST_LIMIT_MAX_TEXT_CODE_POINTS_VALUE) {
            problems.add("warden.gateway.limits.max-message-chars must not exceed the suite's limit of "
                    + RequestLimit.REQUEST_LIMIT_MAX_TEXT_CODE_POINTS_VALUE + " (judge-service refuses more)");
        }
        positive(problems, "warden.gateway.limits.default-max-tokens", limits.defaultMaxTokens());
        positive(problems, "warden.gateway.limits.max-tokens", limits.maxTokens());
        positive(problems, "warden.gateway.limits.max-moderation-inputs", limits.maxModerationInputs());
        if (limits.defaultMaxTokens() > limits.maxTokens()) {
            problems.add("warden.gateway.limits.default-max-tokens must not exceed warden.gateway.limits.max-tokens");
        }
        if (limits.maxStop() < 0 || limits.maxStop() > 8) {
            problems.add("warden.gateway.limits.max-stop must be in 0..8 (inference-service accepts at most 8)");
        }
        GatewayConfig.Rails rails = config.rails();
        try {
            dev.warden.guard.learned.OperatingPoint.parse(rails.learned().operatingPoint());
        } catch (IllegalArgumentException e) {
            problems.add("warden.gateway.rails.learned.operating-point: " + e.getMessage());
        }
        if (!(rails.jailbreakThreshold() > 0 && rails.jailbreakThreshold() <= 1)) {
            problems.add("warden.gateway.rails.jailbreak-threshold must be in (0, 1]");
        }
        positive(problems, "warden.gateway.rails.output-window-tokens", rails.outputWindowTokens());
        positive(problems, "warden.gateway.rails.output-judged-chars", rails.outputJudgedChars());
        GatewayConfig.Perplexity perplexity = rails.perplexity();
        String p = "warden.gateway.rails.perplexity.";
        if (!(perplexity.threshold() > 0 && perplexity.threshold() <= 1)) {
            problems.add(p + "threshold must be in (0, 1]");
        }
        positive(problems, p + "window-tokens", perplexity.windowTokens());
        positive(problems, p + "scored-chars", perplexity.scoredChars());
        positive(problems, p + "min-chars", perplexity.minChars());
        if (perplexity.minChars() > perplexity.scoredChars()) {
            problems.add(p + "min-chars must not exceed " + p + "scored-chars");
        }
        positive(problems, p + "timeout", perplexity.timeout().toNanos());
        if (!(perplexity.tailNllHigh() > perplexity.tailNllLow())) {
            problems.add(p + "tail-nll-high must be above " + p + "tail-nll-low");
        }
        if (!(perplexity.contrastHigh() > perplexity.contrastLow())) {
            problems.add(p + "contrast-high must be above " + p + "contrast-low");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid gateway configuration:\n  " + String.join("\n  ", problems));
        }
    }

    private static void positive(List<String> problems, String key, long value) {
        if (value <= 0) {
            problems.add(key + " must be positive, got " + value);
        }
    }

    private static void check(List<String> problems, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }
}
