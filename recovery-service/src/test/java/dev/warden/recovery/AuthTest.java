package dev.warden.recovery;

import dev.warden.proto.v1.ListRepairsRequest;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bearer token guards every REST resource and gRPC call; health and metrics stay open. */
@QuarkusTest
class AuthTest extends RecoveryTestSupport {

    private HttpResponse<String> withAuthorization(String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return send(b.GET().build());
    }

    @Test
    void restNeedsTheBearerToken() {
        HttpResponse<String> none = withAuthorization("/v1/repairs", null);
        assertError(none, 401, "unauthenticated", null, "missing bearer token");
        assertEquals("Bearer", none.headers().firstValue("www-authenticate").orElse(""));
        assertError(withAuthorization("/v1/repairs", "Bearer not-the-token-at-all"), 401, "unauthenticated", null,
                "invalid bearer token");
        assertError(withAuthorization("/v1/repairs", "Basic " + RecoveryTestResource.TOKEN), 401, "unauthenticated",
                null, "must be 'Bearer <token>'");
        assertError(withAuthorization("/v1/repairs/0000000000aaaaaaaaaaaaaaaa/report.html", null), 401,
                "unauthenticated", null, "missing bearer token");
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(base() + "/v1/repairs"))
                .header("Authorization", "Bearer wrong").POST(HttpRequest.BodyPublishers.ofString(
                        body(spec(uniqueOutput("unauth")), null))).build());
        assertError(post, 401, "unauthenticated", null, "invalid bearer token");
        assertEquals(200, withAuthorization("/v1/repairs", "bearer " + RecoveryTestResource.TOKEN).statusCode(),
                "the scheme is case-insensitive");
    }

    @Test
    void healthAndMetricsStayOpen() {
        HttpResponse<String> health = withAuthorization("/q/health", null);
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("UP"));
        HttpResponse<String> metrics = withAuthorization("/q/metrics", null);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("warden_recovery_jobs"), "the job gauges are exported");
    }

    @Test
    void grpcNeedsTheBearerToken() {
        assertStatus(Status.Code.UNAUTHENTICATED, "missing bearer token",
                () -> grpc(null).listRepairs(ListRepairsRequest.getDefaultInstance()));
        assertStatus(Status.Code.UNAUTHENTICATED, "invalid bearer token",
                () -> grpc("wrong-token-wrong-token").listRepairs(ListRepairsRequest.getDefaultInstance()));
        assertTrue(grpc().listRepairs(ListRepairsRequest.newBuilder().setPageSize(1).build()).getJobsCount() <= 1,
                "with the token the same call is served");
        assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus(), "gRPC health needs no token");
    }
}
