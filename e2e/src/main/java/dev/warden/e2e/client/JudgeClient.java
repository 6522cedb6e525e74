package dev.warden.e2e.client;

import dev.warden.e2e.suite.SuiteException;
import dev.warden.proto.v1.AuditTarget;
import dev.warden.proto.v1.BiasAuditRequest;
import dev.warden.proto.v1.BiasAuditResponse;
import dev.warden.proto.v1.GroupPair;
import dev.warden.proto.v1.JudgeGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** judge-service over gRPC (plaintext, loopback): the bias audit, which has no REST face. */
public final class JudgeClient implements AutoCloseable {

    private final ManagedChannel channel;

    /** A channel to the judge at {@code host:port}. */
    public JudgeClient(String host, int port) {
        this.channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
    }

    /**
     * Runs {@code Judge/BiasAudit} on the model its inference-service serves: every template for every group of
     * the pairs, raw and (when {@code defensePrompt} is not empty) with the defense prompt as a system message.
     *
     * @throws SuiteException when the judge answers with an error status
     */
    public BiasAuditResponse biasAudit(List<String[]> pairs, List<String> templates, String defensePrompt,
                                       int maxNewTokens) {
        BiasAuditRequest.Builder request = BiasAuditRequest.newBuilder().addAllRequestTemplates(templates)
                .setDefensePrompt(defensePrompt)
                .setTarget(AuditTarget.newBuilder().setMaxNewTokens(maxNewTokens));
        for (String[] pair : pairs) {
            request.addGroupPairs(GroupPair.newBuilder().setGroupA(pair[0]).setGroupB(pair[1]));
        }
        try {
            return JudgeGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.MINUTES).biasAudit(request.build());
        } catch (StatusRuntimeException e) {
            throw new SuiteException("judge-service BiasAudit failed: " + e.getStatus().getCode()
                    + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()), e);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
