package dev.warden.inference.health;

import dev.warden.inference.model.ModelDescription;
import dev.warden.inference.model.ModelStateListener;
import dev.warden.proto.v1.InferenceGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The standard grpc.health.v1 status follows the model: NOT_SERVING until a model is loaded, SERVING from
 * then on (also during a LoadModel swap, where the old model keeps serving), NOT_SERVING again when the
 * service stops. Both the overall status ("") and "warden.v1.Inference" are set. Quarkus sets every service
 * SERVING when the gRPC server starts; {@link #markNotServing()} at startup undoes that until a model serves.
 */
@ApplicationScoped
public class ModelHealth implements ModelStateListener {

    private final GrpcHealthStorage storage;

    /** Health kept in Quarkus's gRPC health storage. */
    @Inject
    public ModelHealth(GrpcHealthStorage storage) {
        this.storage = storage;
    }

    /** No model serves (yet). */
    public void markNotServing() {
        set(ServingStatus.NOT_SERVING);
    }

    @Override
    public void onServing(ModelDescription model) {
        set(ServingStatus.SERVING);
    }

    @Override
    public void onUnavailable(String reason) {
        set(ServingStatus.NOT_SERVING);
    }

    private void set(ServingStatus status) {
        storage.setStatus(GrpcHealthStorage.DEFAULT_SERVICE_NAME, status);
        storage.setStatus(InferenceGrpc.SERVICE_NAME, status);
    }
}
