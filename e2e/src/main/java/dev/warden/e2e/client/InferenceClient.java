package dev.warden.e2e.client;

import dev.warden.e2e.suite.SuiteException;
import dev.warden.proto.v1.InferenceGrpc;
import dev.warden.proto.v1.InferenceGrpc.InferenceBlockingStub;
import dev.warden.proto.v1.LoadModelRequest;
import dev.warden.proto.v1.ModelInfo;
import dev.warden.proto.v1.ModelInfoRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** An inference-service over gRPC (plaintext, loopback): which model it serves, and a swap to another. */
public final class InferenceClient {

    private InferenceClient() {
    }

    /**
     * The model the inference-service at {@code host:port} serves now.
     *
     * @throws SuiteException when it answers with an error status
     */
    public static ModelInfo modelInfo(String host, int port) {
        return call(host, port, "ModelInfo", 30,
                stub -> stub.modelInfo(ModelInfoRequest.getDefaultInstance()).getModelInfo());
    }

    /**
     * Makes the inference-service at {@code host:port} serve the checkpoint at {@code checkpointPath} under
     * {@code name} (a hot swap: requests in flight finish on the old model); returns the model it serves now.
     *
     * @throws SuiteException when it answers with an error status
     */
    public static ModelInfo loadModel(String host, int port, String checkpointPath, String name) {
        return call(host, port, "LoadModel of " + checkpointPath, 60, stub -> stub.loadModel(
                LoadModelRequest.newBuilder().setCheckpointPath(checkpointPath).setName(name).build()).getModelInfo());
    }

    private static <T> T call(String host, int port, String what, int deadlineSeconds,
                              Function<InferenceBlockingStub, T> rpc) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
        try {
            return rpc.apply(InferenceGrpc.newBlockingStub(channel).withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS));
        } catch (StatusRuntimeException e) {
            throw new SuiteException("inference-service at " + host + ":" + port + ": " + what + " failed: "
                    + e.getStatus(), e);
        } finally {
            channel.shutdownNow();
        }
    }
}
