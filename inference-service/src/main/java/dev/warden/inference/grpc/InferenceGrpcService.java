package dev.warden.inference.grpc;

import dev.warden.inference.generate.Generation;
import dev.warden.inference.generate.GenerationService;
import dev.warden.inference.hidden.HiddenStatesService;
import dev.warden.inference.model.ModelManager;
import dev.warden.inference.score.ScoringService;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.HiddenStatesRequest;
import dev.warden.proto.v1.HiddenStatesResponse;
import dev.warden.proto.v1.Inference;
import dev.warden.proto.v1.InferenceScoreRequest;
import dev.warden.proto.v1.InferenceScoreResponse;
import dev.warden.proto.v1.LoadModelRequest;
import dev.warden.proto.v1.LoadModelResponse;
import dev.warden.proto.v1.ModelInfoRequest;
import dev.warden.proto.v1.ModelInfoResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.OptionalLong;

/**
 * The warden.v1.Inference gRPC service: maps requests to domain commands, hands them to the domain
 * services, and maps results back. It runs on the event loop and does no blocking work itself: every
 * domain call returns at once, the work happens on worker threads. Failures of any kind become statuses in
 * {@link dev.warden.inference.error.GrpcStatusMapper}.
 */
@GrpcService
public class InferenceGrpcService implements Inference {

    private final GenerationService generations;
    private final ScoringService scoring;
    private final HiddenStatesService hiddenStates;
    private final ModelManager models;

    /** The service over its domain services. */
    @Inject
    public InferenceGrpcService(GenerationService generations, ScoringService scoring,
                                HiddenStatesService hiddenStates, ModelManager models) {
        this.generations = generations;
        this.scoring = scoring;
        this.hiddenStates = hiddenStates;
        this.models = models;
    }

    @Override
    public Multi<GenerateResponse> generate(GenerateRequest request) {
        long arrival = System.nanoTime();
        OptionalLong deadline = DeadlineInterceptor.deadlineNanos();
        return Multi.createFrom().emitter(emitter -> {
            Generation generation = generations.start(RequestMapper.generateCommand(request, arrival, deadline),
                    new StreamSink(emitter));
            emitter.onTermination(generation::cancel);
        });
    }

    @Override
    public Uni<InferenceScoreResponse> score(InferenceScoreRequest request) {
        return Uni.createFrom().completionStage(() -> scoring.score(RequestMapper.scoreCommand(request)))
                .map(ResponseMapper::score);
    }

    @Override
    public Uni<HiddenStatesResponse> hiddenStates(HiddenStatesRequest request) {
        return Uni.createFrom()
                .completionStage(() -> hiddenStates.compute(RequestMapper.hiddenStatesCommand(request)))
                .map(ResponseMapper::hiddenStates);
    }

    @Override
    public Uni<ModelInfoResponse> modelInfo(ModelInfoRequest request) {
        return Uni.createFrom().item(() -> ModelInfoResponse.newBuilder()
                .setModelInfo(ResponseMapper.modelInfo(models.require())).build());
    }

    @Override
    public Uni<LoadModelResponse> loadModel(LoadModelRequest request) {
        return Uni.createFrom().completionStage(() -> models.load(RequestMapper.loadSpec(request)))
                .map(ResponseMapper::loadModel);
    }
}
