package dev.warden.inference;

import dev.warden.inference.work.OffEventLoop;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.HiddenStatesRequest;
import dev.warden.proto.v1.InferenceScoreRequest;
import io.grpc.Context;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tensor work never runs on the event loop. Two pins: (1) while a generation decodes, every thread found
 * inside the model's forward pass is one of the service's own workers and never a Vert.x event loop;
 * (2) the guard each tensor entry point passes really fires on an event loop, so the other tests, which
 * call every RPC and succeed, show that no tensor work reached one.
 */
@QuarkusTest
class EventLoopTest extends GrpcTestSupport {

    private static final String FORWARD = "dev.warden.model.llama.LlamaModel";

    @Inject
    Vertx vertx;

    @Test
    void theForwardPassRunsOnlyOnWardenWorkerThreads() throws Exception {
        Set<String> seen = new HashSet<>();
        Context.CancellableContext call = Context.current().withCancellation();
        CompletableFuture<Void> others = new CompletableFuture<>();
        try {
            call.run(() -> {
                Iterator<GenerateResponse> stream = blocking().generate(greedyRequest("tok1 tok2", 1500));
                stream.next();
                Thread scorer = new Thread(() -> { // Score and HiddenStates meanwhile, on the request pool
                    try {
                        for (int i = 0; i < 20; i++) {
                            blocking().score(InferenceScoreRequest.newBuilder().setText(words(i, 200)).build());
                            blocking().hiddenStates(HiddenStatesRequest.newBuilder().addInputs(text(words(i, 200)))
                                    .build());
                        }
                        others.complete(null);
                    } catch (Throwable t) {
                        others.completeExceptionally(t);
                    }
                });
                scorer.start();
                long end = System.currentTimeMillis() + 700;
                while (System.currentTimeMillis() < end) {
                    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                        if (inForward(e.getValue())) {
                            seen.add(e.getKey().getName());
                        }
                    }
                }
            });
        } finally {
            call.cancel(null);
        }
        others.get(30, TimeUnit.SECONDS);

        assertTrue(seen.stream().anyMatch(t -> t.startsWith("warden-decode-")), "caught decoding: " + seen);
        for (String thread : seen) {
            assertTrue(thread.startsWith("warden-decode-") || thread.startsWith("warden-request-"),
                    "forward pass on " + thread);
            assertFalse(thread.contains("eventloop"), "forward pass on an event loop: " + thread);
        }
    }

    @Test
    void theGuardFiresOnAnEventLoop() throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> {
            try {
                OffEventLoop.check("a forward pass");
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        Throwable t = outcome.get(5, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, t, "the guard must reject the event loop");
        assertTrue(t.getMessage().contains("event loop"), t.getMessage());
        OffEventLoop.check("a forward pass"); // and passes on this (test) thread
    }

    private static boolean inForward(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals(FORWARD) && frame.getMethodName().equals("forward")) {
                return true;
            }
        }
        return false;
    }
}
