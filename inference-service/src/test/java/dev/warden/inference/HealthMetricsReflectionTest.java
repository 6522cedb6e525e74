package dev.warden.inference;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** grpc.health.v1, /q/health, /q/metrics and server reflection. */
@QuarkusTest
class HealthMetricsReflectionTest extends GrpcTestSupport {

    @Test
    void grpcHealthIsServingOnceTheModelIsLoaded() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel());
        assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.newBuilder().build()).getStatus());
        assertEquals(ServingStatus.SERVING,
                health.check(HealthCheckRequest.newBuilder().setService("warden.v1.Inference").build()).getStatus());
    }

    @Test
    void httpReadinessReportsTheModel() {
        String ready = http("q/health/ready");
        assertTrue(ready.startsWith("200"), ready);
        assertTrue(ready.contains("\"model\"") && ready.contains("alpha"), ready);
    }

    @Test
    void prometheusMetricsCarryTheConventionalNames() {
        generate(greedyRequest("tok1 tok2", 3));
        String metrics = http("q/metrics");
        assertTrue(metrics.startsWith("200"), metrics.lines().findFirst().orElse(""));
        for (String name : List.of("warden_inference_time_to_first_token_seconds_bucket",
                "warden_inference_inter_token_latency_seconds_bucket",
                "warden_inference_e2e_request_latency_seconds_bucket",
                "warden_inference_request_queue_time_seconds_bucket",
                "warden_inference_requests_running", "warden_inference_requests_waiting",
                "warden_inference_prompt_tokens_total", "warden_inference_generation_tokens_total",
                "warden_inference_requests_total")) {
            assertTrue(metrics.contains(name + "{"), "missing " + name);
        }
        assertTrue(metrics.contains("model=\"alpha\""), "tagged by model");
        assertTrue(metric("warden_inference_generation_tokens_total", "model=\"alpha\"") >= 3);
        assertTrue(metric("warden_inference_requests_total", "model=\"alpha\",outcome=\"length\"") >= 1);
    }

    @Test
    void reflectionListsTheServices() throws Exception {
        CompletableFuture<List<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel())
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse r) {
                        services.complete(r.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        services.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        List<String> names = services.get(10, TimeUnit.SECONDS);
        requests.onCompleted();
        assertTrue(names.contains("warden.v1.Inference"), names.toString());
        assertTrue(names.contains("grpc.health.v1.Health"), names.toString());
    }
}
