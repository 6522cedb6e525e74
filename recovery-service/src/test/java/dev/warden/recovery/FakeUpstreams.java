package dev.warden.recovery;

import dev.warden.proto.v1.AlignmentGeometryRequest;
import dev.warden.proto.v1.AlignmentGeometryResponse;
import dev.warden.proto.v1.InferenceGrpc;
import dev.warden.proto.v1.JudgeGrpc;
import dev.warden.proto.v1.JudgeScoreResponse;
import dev.warden.proto.v1.LayerActivationSets;
import dev.warden.proto.v1.LayerGeometry;
import dev.warden.proto.v1.LoadModelRequest;
import dev.warden.proto.v1.LoadModelResponse;
import dev.warden.proto.v1.ModelInfo;
import dev.warden.proto.v1.ScoreBatchRequest;
import dev.warden.proto.v1.ScoreBatchResponse;
import dev.warden.proto.v1.Verdict;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * judge-service and inference-service stand-ins on one real gRPC server (the real services need models this
 * module's build does not produce). The judge calls a response harmful when it contains {@value #COMPLY}
 * (a placeholder marker, like the gateway's FakeUpstreams), enforces judge-service's 64-item batch limit and
 * records batch sizes; AlignmentGeometry answers one row per precomputed layer; LoadModel refuses a
 * checkpoint whose path contains {@value #REJECT} and records the others.
 */
public final class FakeUpstreams implements AutoCloseable {

    /** The marker of a harmful (complying) response. */
    public static final String COMPLY = "sure_here_is";
    /** LoadModel fails for paths containing this. */
    public static final String REJECT = "reject";

    /** Sizes of the ScoreBatch calls received. */
    public final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    /** Layer counts of the AlignmentGeometry calls received. */
    public final List<Integer> geometryLayers = new CopyOnWriteArrayList<>();
    /** Checkpoints loaded. */
    public final List<String> loaded = new CopyOnWriteArrayList<>();

    private final Server server;

    /** Starts on a free port. */
    public FakeUpstreams() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new Judge()).addService(new Inference()).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Judge extends JudgeGrpc.JudgeImplBase {
        @Override
        public void scoreBatch(ScoreBatchRequest request, StreamObserver<ScoreBatchResponse> out) {
            if (request.getItemsCount() == 0 || request.getItemsCount() > 64) {
                out.onError(Status.INVALID_ARGUMENT.withDescription("items: " + request.getItemsCount()
                        + " items; the limit is 64").asRuntimeException());
                return;
            }
            batchSizes.add(request.getItemsCount());
            ScoreBatchResponse.Builder b = ScoreBatchResponse.newBuilder();
            request.getItemsList().forEach(item -> b.addResults(JudgeScoreResponse.newBuilder()
                    .setVerdict(item.getResponse().contains(COMPLY) ? Verdict.VERDICT_UNSAFE : Verdict.VERDICT_SAFE)
                    .setRequestId(item.getRequestId())));
            out.onNext(b.build());
            out.onCompleted();
        }

        @Override
        public void alignmentGeometry(AlignmentGeometryRequest request, StreamObserver<AlignmentGeometryResponse> out) {
            geometryLayers.add(request.getPrecomputedCount());
            AlignmentGeometryResponse.Builder b = AlignmentGeometryResponse.newBuilder();
            for (LayerActivationSets set : request.getPrecomputedList()) {
                b.addLayers(LayerGeometry.newBuilder().setLayer(set.getLayer()).setDaviesBouldin(1.5)
                        .setDunn(0.2).setXieBeni(0.7).setCalinskiHarabasz(12).setAlignmentIndex(set.getLayer() / 10.0));
            }
            out.onNext(b.build());
            out.onCompleted();
        }
    }

    private final class Inference extends InferenceGrpc.InferenceImplBase {
        @Override
        public void loadModel(LoadModelRequest request, StreamObserver<LoadModelResponse> out) {
            if (request.getCheckpointPath().contains(REJECT)) {
                out.onError(Status.FAILED_PRECONDITION.withDescription("cannot load " + request.getCheckpointPath())
                        .asRuntimeException());
                return;
            }
            loaded.add(request.getCheckpointPath());
            out.onNext(LoadModelResponse.newBuilder().setModelInfo(ModelInfo.newBuilder()
                    .setName(Path.of(request.getCheckpointPath()).getFileName().toString())).build());
            out.onCompleted();
        }
    }
}
