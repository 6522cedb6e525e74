package dev.warden.e2e.client;

import dev.warden.e2e.suite.SuiteException;
import dev.warden.proto.v1.InferenceGrpc;
import dev.warden.proto.v1.ModelInfo;
import dev.warden.proto.v1.ModelInfoRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/** An inference-service over gRPC (plaintext, loopback): which model it serves. */
public final class InferenceClient {

    private InferenceClient() {
    }

    /**
     * The model the inference-service at {@code host:port} serves now.
     *
     * @throws SuiteException when it answers with an error status
     */
    public static ModelInfo modelInfo(String host, int port) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
        try {
            return InferenceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .modelInfo(ModelInfoRequest.getDefaultInstance()).getModelInfo();
        } catch (StatusRuntimeException e) {
            throw new SuiteException("inference-service at " + host + ":" + port + ": ModelInfo failed: "
                    + e.getStatus(), e);
        } finally {
            channel.shutdownNow();
        }
    }
}
