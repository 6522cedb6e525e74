package dev.warden.judge.grpc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.service.grpc.EventLoopWrites;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's write-racing-a-cancel fix reaches the judge too: service-common's {@link EventLoopWrites} is one of the
 * judge's global gRPC server interceptors (discovered from service-common's beans.xml), so Score answers written by
 * scoring workers go out on the call's event loop and never after the gateway cancelled the call.
 */
@QuarkusTest
class EventLoopWritesWiredTest {

    @Inject
    @Any
    Instance<ServerInterceptor> interceptors;

    @Test
    void theJudgeWritesOnTheEventLoop() {
        assertTrue(EventLoopWrites.class.isAnnotationPresent(GlobalInterceptor.class), "a global interceptor");
        assertTrue(interceptors.stream().anyMatch(i -> i instanceof EventLoopWrites),
                "judge-service has the EventLoopWrites bean (the gRPC server applies every global interceptor bean)");
    }
}
