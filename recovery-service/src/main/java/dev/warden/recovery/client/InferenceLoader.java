package dev.warden.recovery.client;

import dev.warden.proto.v1.InferenceGrpc;
import dev.warden.proto.v1.LoadModelRequest;
import dev.warden.proto.v1.LoadModelResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Asks inference-service to serve a repaired checkpoint (Inference.LoadModel over gRPC, blocking: it runs on
 * the job's worker thread). A failure is an outcome, not an exception: the repair itself succeeded.
 */
public final class InferenceLoader {

    /**
     * The outcome of a load.
     *
     * @param loaded  whether inference-service now serves the checkpoint
     * @param message what happened, for the job's event
     */
    public record Outcome(boolean loaded, String message) {
    }

    private final InferenceGrpc.InferenceBlockingStub stub;
    private final Duration timeout;

    /** A loader over {@code stub}, each call with the deadline {@code timeout}. */
    public InferenceLoader(InferenceGrpc.InferenceBlockingStub stub, Duration timeout) {
        this.stub = stub;
        this.timeout = timeout;
    }

    /** Loads {@code checkpoint} (served under its directory's name). */
    public Outcome load(Path checkpoint) {
        try {
            LoadModelResponse r = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .loadModel(LoadModelRequest.newBuilder().setCheckpointPath(checkpoint.toString()).build());
            String name = r.hasModelInfo() ? r.getModelInfo().getName() : checkpoint.getFileName().toString();
            return new Outcome(true, "inference-service now serves the repaired checkpoint as '" + name + "'");
        } catch (StatusRuntimeException e) {
            Status s = e.getStatus();
            return new Outcome(false, "loading into inference-service failed (" + s.getCode()
                    + (s.getDescription() == null ? "" : ": " + s.getDescription()) + "); the repaired checkpoint"
                    + " is at " + checkpoint);
        }
    }
}
