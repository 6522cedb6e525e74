package dev.warden.judge.grpc;

import dev.warden.judge.audit.BiasAuditService;
import dev.warden.judge.error.InvalidArgumentException;
import dev.warden.judge.geometry.GeometryService;
import dev.warden.judge.score.JudgeRequest;
import dev.warden.judge.score.ScoreService;
import dev.warden.proto.v1.AlignmentGeometryRequest;
import dev.warden.proto.v1.AlignmentGeometryResponse;
import dev.warden.proto.v1.BiasAuditRequest;
import dev.warden.proto.v1.BiasAuditResponse;
import dev.warden.proto.v1.JudgeScoreRequest;
import dev.warden.proto.v1.JudgeScoreResponse;
import dev.warden.proto.v1.Pooling;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.ScoreBatchRequest;
import dev.warden.proto.v1.ScoreBatchResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The warden.v1.Judge gRPC service: validates and maps requests, delegates to the domain services, maps
 * results back. It runs on the event loop and computes nothing itself (scoring runs on the judge workers,
 * audits wait on inference-service asynchronously). Failures become statuses in
 * {@link dev.warden.judge.error.GrpcStatusMapper}.
 */
@GrpcService
public class JudgeGrpcService implements dev.warden.proto.v1.Judge {

    private final ScoreService scores;
    private final BiasAuditService audits;
    private final GeometryService geometry;
    private final RequestMapper requests;

    /** The service over its domain services. */
    @Inject
    public JudgeGrpcService(ScoreService scores, BiasAuditService audits, GeometryService geometry,
                            RequestMapper requests) {
        this.scores = scores;
        this.audits = audits;
        this.geometry = geometry;
        this.requests = requests;
    }

    @Override
    public Uni<JudgeScoreResponse> score(JudgeScoreRequest request) {
        return Uni.createFrom().completionStage(() -> scores.score(requests.score(request, "")))
                .map(j -> ResponseMapper.score(j, request.getRequestId()));
    }

    @Override
    public Uni<ScoreBatchResponse> scoreBatch(ScoreBatchRequest request) {
        return Uni.createFrom().completionStage(() -> {
            int n = request.getItemsCount();
            if (n == 0) {
                throw new InvalidArgumentException("items", "at least one item is needed");
            }
            if (n > requests.limits().maxBatch()) {
                throw new InvalidArgumentException("items", n + " items; the limit is " + requests.limits().maxBatch());
            }
            List<JudgeRequest> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(requests.score(request.getItems(i), "items[" + i + "]."));
            }
            return scores.scoreBatch(items);
        }).map(results -> {
            ScoreBatchResponse.Builder b = ScoreBatchResponse.newBuilder();
            for (int i = 0; i < results.size(); i++) {
                b.addResults(ResponseMapper.score(results.get(i), request.getItems(i).getRequestId()));
            }
            return b.build();
        });
    }

    @Override
    public Uni<BiasAuditResponse> biasAudit(BiasAuditRequest request) {
        return Uni.createFrom().deferred(() -> audits.run(AuditMapper.auditRequest(request)))
                .map(AuditMapper::auditResponse);
    }

    @Override
    public Uni<AlignmentGeometryResponse> alignmentGeometry(AlignmentGeometryRequest request) {
        return Uni.createFrom().deferred(() -> {
            if (request.getPrecomputedCount() > 0) {
                return geometry.measure(AuditMapper.precomputed(request));
            }
            List<Prompt> safe = prompts(request.getSafePromptsList(), "safe_prompts");
            List<Prompt> unsafe = prompts(request.getUnsafePromptsList(), "unsafe_prompts");
            Pooling pooling = request.getPooling() == Pooling.POOLING_UNSPECIFIED ? Pooling.POOLING_LAST_TOKEN
                    : request.getPooling();
            if (pooling == Pooling.UNRECOGNIZED) {
                throw new InvalidArgumentException("pooling", "unknown pooling " + request.getPoolingValue());
            }
            return geometry.measure(request.getModel(), safe, unsafe, request.getLayersList(), pooling);
        }).map(AuditMapper::geometryResponse);
    }

    /** Checks each prompt (set, non-empty, within the limits). */
    private List<Prompt> prompts(List<Prompt> prompts, String field) {
        for (int i = 0; i < prompts.size(); i++) {
            requests.prompt(prompts.get(i), field + "[" + i + "]");
        }
        return prompts;
    }
}
