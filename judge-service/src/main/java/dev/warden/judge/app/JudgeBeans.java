package dev.warden.judge.app;

import dev.warden.judge.audit.BiasAuditService;
import dev.warden.judge.chain.JudgeAssembly;
import dev.warden.judge.config.ConfigCheck;
import dev.warden.judge.config.JudgeConfig;
import dev.warden.judge.geometry.GeometryService;
import dev.warden.judge.grpc.RequestMapper;
import dev.warden.judge.client.InferenceClient;
import dev.warden.judge.metrics.JudgeMetrics;
import dev.warden.judge.rules.RuleOptions;
import dev.warden.judge.rules.RuleScorer;
import dev.warden.judge.score.Judge;
import dev.warden.judge.score.ScoreService;
import dev.warden.service.work.WorkerPool;
import dev.warden.proto.v1.MutinyInferenceGrpc;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Wires the plain domain classes from {@link JudgeConfig}: the only place that knows both CDI and the
 * domain. The lexicons and the classifier's weights load once, from the classpath, at startup.
 */
@Singleton
public class JudgeBeans {

    @GrpcClient("inference")
    MutinyInferenceGrpc.MutinyInferenceStub inferenceStub;

    @Produces
    @Singleton
    InferenceClient inference() {
        return new InferenceClient(inferenceStub);
    }

    @Produces
    @Singleton
    RuleScorer rules(JudgeConfig config) {
        return RuleScorer.load(new RuleOptions(config.rules().sureUnsafe(), config.rules().sureSafe()));
    }

    @Produces
    @Singleton
    Judge judge(JudgeConfig config, RuleScorer rules, InferenceClient inference) {
        ConfigCheck.validate(config);
        JudgeConfig.LlmJudge llm = config.llmJudge();
        return JudgeAssembly.of(config.tiers(), rules, config.threshold())
                .rulesDecideSafe(config.rules().decidesSafe())
                .guard(config.classifier().guardPoint(), config.classifier().guardWeight())
                .guardBandEdge(config.classifier().guardBandEdge())
                .llmJudge(inference, new JudgeAssembly.LlmJudgeSettings(llm.model().orElse(""), llm.templates(),
                        llm.promptForm(), llm.maxNewTokens(), llm.timeout()))
                .build();
    }

    @Produces
    @Singleton
    WorkerPool workers(JudgeConfig config) {
        return new WorkerPool("judge", config.workers().threads(), config.workers().queue());
    }

    void closeWorkers(@Disposes WorkerPool workers) {
        workers.close();
    }

    @Produces
    @Singleton
    JudgeMetrics metrics(MeterRegistry registry) {
        return new JudgeMetrics(registry);
    }

    @Produces
    @Singleton
    ScoreService scores(Judge judge, WorkerPool workers, JudgeMetrics metrics) {
        return new ScoreService(judge, workers, metrics::record);
    }

    @Produces
    @Singleton
    BiasAuditService audits(InferenceClient inference, Judge judge, JudgeConfig config) {
        return new BiasAuditService(inference, judge, config.audit().concurrency(), config.audit().maxRequests(),
                config.audit().timeout());
    }

    @Produces
    @Singleton
    GeometryService geometry(InferenceClient inference, WorkerPool workers, JudgeConfig config) {
        return new GeometryService(inference, workers, config.geometry().chunk(), config.geometry().timeout());
    }

    @Produces
    @Singleton
    RequestMapper requests(JudgeConfig config) {
        return new RequestMapper(config.limits());
    }
}
