package dev.warden.service.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What EventLoopWrites promises, on a real Vert.x event loop: writes in order, on the loop, none after a cancel. */
class EventLoopWritesTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void writesFromAWorkerRunInOrderOnTheCallsEventLoop() throws Exception {
        Recording call = new Recording();
        Context loop = vertx.getOrCreateContext();
        EventLoopWrites.OnEventLoop<String, String> wrapped = new EventLoopWrites.OnEventLoop<>(call, loop);
        wrapped.sendHeaders(new Metadata());
        wrapped.sendMessage("a");
        wrapped.sendMessage("b");
        wrapped.close(Status.OK, new Metadata());
        drain(loop);
        assertEquals(List.of("headers", "message a", "message b", "close OK"), call.events);
        assertTrue(call.threads.stream().allMatch(t -> t.startsWith("vert.x-eventloop")), call.threads.toString());
    }

    @Test
    void nothingIsWrittenOnceTheCallIsCancelled() throws Exception {
        Recording call = new Recording();
        Context loop = vertx.getOrCreateContext();
        EventLoopWrites.OnEventLoop<String, String> wrapped = new EventLoopWrites.OnEventLoop<>(call, loop);
        wrapped.sendMessage("before");
        drain(loop);
        call.cancelled = true; // the client's RST_STREAM was read
        wrapped.sendMessage("after");
        wrapped.close(Status.OK, new Metadata());
        drain(loop);
        assertEquals(List.of("message before"), call.events);
    }

    @Test
    void offTheEventLoopTheCallPassesThroughUnchanged() {
        Recording call = new Recording();
        CompletableFuture<ServerCall<String, String>> started = new CompletableFuture<>();
        new EventLoopWrites().interceptCall(call, new Metadata(), (c, h) -> {
            started.complete(c);
            return new ServerCall.Listener<>() { };
        });
        assertSame(call, started.join(), "no Vert.x context on this thread: grpc-java's own server");
    }

    /** Waits until every task queued on {@code loop} so far has run. */
    private static void drain(Context loop) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.runOnContext(v -> done.complete(null));
        done.get(10, TimeUnit.SECONDS);
    }

    /** A server call that records what is written to it and on which thread. */
    private static final class Recording extends ServerCall<String, String> {

        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile boolean cancelled;

        private void record(String event) {
            events.add(event);
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
            record("headers");
        }

        @Override
        public void sendMessage(String message) {
            record("message " + message);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            record("close " + status.getCode());
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public Attributes getAttributes() {
            return Attributes.EMPTY;
        }

        @Override
        public MethodDescriptor<String, String> getMethodDescriptor() {
            MethodDescriptor.Marshaller<String> utf8 = new MethodDescriptor.Marshaller<>() {
                @Override
                public InputStream stream(String value) {
                    return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public String parse(InputStream stream) {
                    return "";
                }
            };
            return MethodDescriptor.<String, String>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName("test/Call").setRequestMarshaller(utf8).setResponseMarshaller(utf8).build();
        }
    }
}
