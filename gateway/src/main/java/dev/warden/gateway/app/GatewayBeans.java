package dev.warden.gateway.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.admin.AdminService;
import dev.warden.gateway.audit.AuditLog;
import dev.warden.gateway.auth.KeyStore;
import dev.warden.gateway.config.ConfigCheck;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.defense.DefensePrompt;
import dev.warden.gateway.defense.Fencing;
import dev.warden.gateway.error.ErrorMapper;
import dev.warden.gateway.http.Http;
import dev.warden.gateway.http.Json;
import dev.warden.gateway.metrics.GatewayMetrics;
import dev.warden.gateway.moderation.ModerationService;
import dev.warden.gateway.pipeline.Admission;
import dev.warden.gateway.pipeline.AuthCache;
import dev.warden.gateway.pipeline.ChatPipeline;
import dev.warden.gateway.pipeline.ChatRequestParser;
import dev.warden.gateway.pipeline.DetectorScanner;
import dev.warden.gateway.pipeline.LearnedScanner;
import dev.warden.gateway.pipeline.InputRails;
import dev.warden.gateway.pipeline.OutputRails;
import dev.warden.gateway.pipeline.PromptDefense;
import dev.warden.gateway.pipeline.PromptScanner;
import dev.warden.guard.learned.GuardModel;
import dev.warden.guard.learned.OperatingPoint;
import dev.warden.gateway.pipeline.Prompts;
import dev.warden.gateway.pipeline.RailsDefense;
import dev.warden.gateway.pipeline.RequestEnd;
import dev.warden.gateway.pipeline.SuffixPerplexityRail;
import dev.warden.gateway.pipeline.TokenEstimator;
import dev.warden.gateway.pipeline.UpstreamCalls;
import dev.warden.gateway.rails.JailbreakDetector;
import dev.warden.gateway.rails.PerplexitySignal;
import dev.warden.gateway.ratelimit.RateLimiter;
import dev.warden.gateway.routing.ChannelPool;
import dev.warden.gateway.routing.Route;
import dev.warden.gateway.routing.RoutingTable;
import dev.warden.gateway.state.RedisNamespace;
import dev.warden.gateway.state.RedisState;
import dev.warden.gateway.client.InferenceClient;
import dev.warden.gateway.client.JudgeClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Wires the plain domain classes from {@link GatewayConfig}: the only place that knows both CDI and the domain.
 * The rails' detector and prompt defenses plug in at {@link #scanner()} and {@link #defense()}; the
 * suffix-perplexity rail is built from {@code warden.gateway.rails.perplexity.*}.
 */
@Singleton
public class GatewayBeans {

    @Produces
    @Singleton
    RedisState redisState(Redis redis, GatewayConfig config) {
        ConfigCheck.validate(config);
        return new RedisState(redis, RedisNamespace.of(config.redis().namespace()), config.redis().timeout());
    }

    @Produces
    @Singleton
    KeyStore keyStore(RedisState state) {
        return new KeyStore(state);
    }

    @Produces
    @Singleton
    RateLimiter rateLimiter(RedisState state) {
        return new RateLimiter(state);
    }

    @Produces
    @Singleton
    AuditLog auditLog(RedisState state, GatewayConfig config) {
        return new AuditLog(state, config.audit().maxLength());
    }

    @Produces
    @Singleton
    RoutingTable routingTable(GatewayConfig config) {
        List<Route> routes = new ArrayList<>();
        config.models().forEach((name, route) -> routes.add(new Route(name, route.target(),
                route.upstreamModel().orElse(""), route.ownedBy())));
        return new RoutingTable(routes);
    }

    @Produces
    @Singleton
    ChannelPool channels(RoutingTable routes, GatewayConfig config) {
        Set<String> targets = new LinkedHashSet<>(routes.targets());
        targets.add(config.judge().target());
        return new ChannelPool(targets);
    }

    void closeChannels(@Disposes ChannelPool channels) {
        channels.close();
    }

    @Produces
    @Singleton
    InferenceClient inference(ChannelPool channels, GatewayConfig config) {
        return new InferenceClient(channels, config.inference().timeout());
    }

    @Produces
    @Singleton
    JudgeClient judge(ChannelPool channels, GatewayConfig config) {
        return new JudgeClient(channels.channel(config.judge().target()), config.judge().timeout());
    }

    @Produces
    @Singleton
    GatewayMetrics metrics(MeterRegistry registry) {
        return new GatewayMetrics(registry);
    }

    @Produces
    @Singleton
    UpstreamCalls upstreamCalls(GatewayMetrics metrics) {
        return new UpstreamCalls(metrics);
    }

    /** The jailbreak detector of the input rails: the rules, with the learned guard model's heads when enabled. */
    @Produces
    @Singleton
    PromptScanner scanner(GatewayConfig config) {
        PromptScanner rules = new DetectorScanner(JailbreakDetector.fromResources());
        GatewayConfig.Learned learned = config.rails().learned();
        return learned.enabled() ? new LearnedScanner(rules, GuardModel.load(),
                OperatingPoint.parse(learned.operatingPoint()), config.rails().jailbreakThreshold(),
                learned.injectionOnUserMessages()) : rules;
    }

    /** The prompt-level defenses. */
    @Produces
    @Singleton
    PromptDefense defense() {
        return new RailsDefense(DefensePrompt.fromResource(), new Fencing());
    }

    /** The suffix-perplexity rail: the routed model's Score on the prompt's tail. */
    @Produces
    @Singleton
    SuffixPerplexityRail suffixPerplexity(InferenceClient inference, GatewayConfig config, UpstreamCalls calls) {
        GatewayConfig.Perplexity p = config.rails().perplexity();
        return new SuffixPerplexityRail(inference, new SuffixPerplexityRail.Settings(p.enabled(), p.threshold(),
                p.minChars(), p.scoredChars(), p.timeout(), new PerplexitySignal.Thresholds(p.tailNllLow(),
                p.tailNllHigh(), p.contrastLow(), p.contrastHigh(), p.windowTokens())), calls);
    }

    @Produces
    @Singleton
    InputRails inputRails(PromptScanner scanner, JudgeClient judge, SuffixPerplexityRail perplexity,
                          GatewayConfig config, GatewayMetrics metrics, UpstreamCalls calls) {
        return new InputRails(scanner, judge, perplexity, Prompts.tier("input-max-tier", config.judge().inputMaxTier()),
                config.rails().jailbreakThreshold(), config.rails().detectorOffloadChars(),
                Infrastructure.getDefaultWorkerPool(), metrics, calls);
    }

    @Produces
    @Singleton
    OutputRails outputRails(JudgeClient judge, GatewayConfig config, GatewayMetrics metrics, UpstreamCalls calls) {
        return new OutputRails(judge, Prompts.tier("output-max-tier", config.judge().outputMaxTier()),
                config.rails().outputWindowTokens(), config.rails().outputJudgedChars(), metrics, calls);
    }

    @Produces
    @Singleton
    AuthCache authCache(GatewayConfig config) {
        return new AuthCache(config.auth().cacheTtl(), config.auth().cacheSize());
    }

    @Produces
    @Singleton
    Admission admission(KeyStore keys, AuthCache cache, RateLimiter limiter, GatewayMetrics metrics) {
        return new Admission(keys, cache, limiter, metrics);
    }

    @Produces
    @Singleton
    TokenEstimator tokenEstimator(GatewayConfig config) {
        return new TokenEstimator(config.limits().defaultMaxTokens());
    }

    @Produces
    @Singleton
    ChatPipeline chatPipeline(Admission admission, TokenEstimator estimator, GatewayConfig config,
                              RoutingTable routes, InputRails inputRails, PromptDefense defense,
                              InferenceClient inference, OutputRails outputRails) {
        GatewayConfig.Limits limits = config.limits();
        ChatRequestParser parser = new ChatRequestParser(limits.maxMessages(), limits.maxMessageChars(),
                limits.maxPromptChars(),
                limits.defaultMaxTokens(), limits.maxTokens(), limits.maxStop());
        return new ChatPipeline(admission, estimator, parser, routes, inputRails, defense, inference, outputRails);
    }

    @Produces
    @Singleton
    ModerationService moderation(Admission admission, TokenEstimator estimator, JudgeClient judge,
                                 GatewayConfig config, UpstreamCalls calls) {
        return new ModerationService(admission, estimator, judge, config.limits().maxModerationInputs(), calls);
    }

    @Produces
    @Singleton
    AdminService admin(GatewayConfig config, KeyStore keys, AuthCache cache, AuditLog audit) {
        return new AdminService(config.adminToken(), keys, cache, audit);
    }

    @Produces
    @Singleton
    Http http(ObjectMapper mapper, GatewayConfig config, Admission admission, AuditLog audit, GatewayMetrics metrics) {
        return new Http(new ErrorMapper(config.inference().retryAfter()), new Json(mapper),
                new RequestEnd(admission, audit, config.audit().enabled(), metrics));
    }
}
