package dev.warden.inference;

import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.GenerateResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slots are freed: a client that cancels or whose deadline passes stops its generation at once, a full
 * queue rejects with RESOURCE_EXHAUSTED, and cancelled queued requests leave the queue. The test model never
 * stops by itself, so an uncancelled request of 2000 tokens would run for seconds.
 */
@QuarkusTest
class CancellationTest extends GrpcTestSupport {

    private static final String RUNNING = "warden_inference_requests_running";
    private static final String WAITING = "warden_inference_requests_waiting";
    private static final String ALPHA = "model=\"alpha\"";

    private static GenerateRequest longRequest(int seed) {
        return greedyRequest(words(seed, 3), 2000);
    }

    @Test
    void aClientThatCancelsFreesItsBatchSlotAtOnce() {
        awaitIdle();
        double cancelledBefore = metric("warden_inference_requests_total", ALPHA + ",outcome=\"cancelled\"");
        double tokensBefore = metric("warden_inference_generation_tokens_total", ALPHA);
        Context.CancellableContext call = Context.current().withCancellation();
        List<GenerateResponse> received = new ArrayList<>();
        call.run(() -> {
            Iterator<GenerateResponse> it = blocking().generate(longRequest(1));
            received.add(it.next());
            received.add(it.next());
        });
        call.cancel(null);

        awaitTrue("the cancelled generation to leave its batch slot", 2_000,
                () -> metric(RUNNING, ALPHA) == 0 && metric(WAITING, ALPHA) == 0);
        awaitTrue("the cancellation to be counted", 2_000,
                () -> metric("warden_inference_requests_total", ALPHA + ",outcome=\"cancelled\"") == cancelledBefore + 1);
        double generated = metric("warden_inference_generation_tokens_total", ALPHA) - tokensBefore;
        assertTrue(generated >= 2 && generated < 500, "stopped early: " + generated + " of 2000 tokens");
        assertTrue(received.get(0).hasDelta());
    }

    @Test
    void aFullQueueRejectsAndCancelledQueuedRequestsLeaveIt() throws InterruptedException {
        awaitIdle();
        List<ClientCallStreamObserver<GenerateRequest>> calls = new ArrayList<>();
        CountDownLatch ended = new CountDownLatch(7);
        List<AtomicReference<Throwable>> failures = new ArrayList<>();
        for (int i = 0; i < 7; i++) { // 3 batch slots + 4 queued: the engine is exactly full
            failures.add(new AtomicReference<>());
            calls.add(start(longRequest(10 * i), ended, failures.get(i)));
        }
        try {
            awaitTrue("3 running and 4 waiting", 5_000,
                    () -> metric(RUNNING, ALPHA) == 3 && metric(WAITING, ALPHA) == 4);
        } catch (AssertionError e) {
            calls.forEach(c -> c.cancel("test failed", null));
            throw e;
        }
        failures.forEach(f -> assertEquals(null, f.get(), "all seven admitted"));

        try {
            assertStatus(Status.Code.RESOURCE_EXHAUSTED, "queue is full", () -> generate(longRequest(99)));
        } finally {
            calls.forEach(c -> c.cancel("test done", null));
        }
        assertTrue(ended.await(5, TimeUnit.SECONDS));
        awaitTrue("every slot freed", 2_000, () -> metric(RUNNING, ALPHA) == 0 && metric(WAITING, ALPHA) == 0);
    }

    @Test
    void aPassedDeadlineEndsTheCallAndFreesTheSlot() {
        awaitIdle();
        StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class, () ->
                blocking().withDeadlineAfter(300, TimeUnit.MILLISECONDS).generate(longRequest(5)).forEachRemaining(r -> { }));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        awaitTrue("the expired generation to leave its batch slot", 2_000,
                () -> metric(RUNNING, ALPHA) == 0 && metric(WAITING, ALPHA) == 0);
    }

    private void awaitIdle() {
        awaitTrue("an idle engine", 10_000, () -> metric(RUNNING, ALPHA) == 0 && metric(WAITING, ALPHA) == 0);
    }

    /** Starts a Generate on the async stub; {@code ended} counts down when the call ends in any way. */
    private ClientCallStreamObserver<GenerateRequest> start(GenerateRequest request, CountDownLatch ended,
                                                            AtomicReference<Throwable> failure) {
        AtomicReference<ClientCallStreamObserver<GenerateRequest>> call = new AtomicReference<>();
        async().generate(request, new ClientResponseObserver<GenerateRequest, GenerateResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<GenerateRequest> requestStream) {
                call.set(requestStream);
            }

            @Override
            public void onNext(GenerateResponse value) {
            }

            @Override
            public void onError(Throwable t) {
                failure.set(t);
                ended.countDown();
            }

            @Override
            public void onCompleted() {
                ended.countDown();
            }
        });
        return call.get();
    }
}
