package dev.warden.inference;

import dev.warden.proto.v1.LoadModelRequest;
import dev.warden.proto.v1.ModelInfoRequest;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service without a model: configured for a GPU this machine lacks, the startup load fails fast (no
 * silent fallback to the CPU); the server stays up, health says NOT_SERVING, every model RPC answers
 * UNAVAILABLE with the reason, and a LoadModel fails its precondition for the same reason.
 */
@QuarkusTest
@TestProfile(NoModelTest.GpuRequired.class)
class NoModelTest extends GrpcTestSupport {

    /** device=gpu on a machine without one. */
    public static class GpuRequired implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("warden.inference.device", "gpu");
        }
    }

    @Override
    protected void awaitModel() {
        awaitTrue("the startup load to fail", 30_000, () -> {
            try {
                blocking().modelInfo(ModelInfoRequest.getDefaultInstance());
                return false;
            } catch (io.grpc.StatusRuntimeException e) {
                return String.valueOf(e.getStatus().getDescription()).contains("failed");
            }
        });
    }

    @Test
    void healthIsNotServingAndRpcsAreUnavailableWithTheReason() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel());
        assertEquals(ServingStatus.NOT_SERVING, health.check(HealthCheckRequest.newBuilder().build()).getStatus());
        assertEquals(ServingStatus.NOT_SERVING,
                health.check(HealthCheckRequest.newBuilder().setService("warden.v1.Inference").build()).getStatus());
        assertTrue(http("q/health/ready").startsWith("503"));

        assertStatus(Status.Code.UNAVAILABLE, "GPU", () -> blocking().modelInfo(ModelInfoRequest.getDefaultInstance()));
        assertStatus(Status.Code.UNAVAILABLE, "GPU", () -> generate(greedyRequest("tok1", 3)));
        assertStatus(Status.Code.FAILED_PRECONDITION, "GPU", () -> blocking().loadModel(LoadModelRequest.newBuilder()
                .setCheckpointPath(TestCheckpoints.alpha().toString()).build()));
    }
}
