package dev.warden.inference.error;

import dev.warden.model.generate.InvalidSamplingException;
import dev.warden.model.generate.PromptTooLongException;
import dev.warden.model.runtime.DeviceUnavailableException;
import dev.warden.model.tokenizer.TemplateRaisedException;
import dev.warden.service.work.QueueFullException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.CompositeException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One row per entry of the status table, plus unwrapping and the INTERNAL fallback. */
class GrpcStatusMapperTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(new InvalidArgumentException("sampling.top_p", "must be in (0, 1]"),
                        Status.Code.INVALID_ARGUMENT, "sampling.top_p"),
                Arguments.of(new InvalidSamplingException("temperature", "must be >= 0"),
                        Status.Code.INVALID_ARGUMENT, "temperature"),
                Arguments.of(new PromptTooLongException(0, 100, 96), Status.Code.INVALID_ARGUMENT, "100 tokens"),
                Arguments.of(new TemplateRaisedException("roles must alternate"), Status.Code.INVALID_ARGUMENT,
                        "roles must alternate"),
                Arguments.of(new ModelNotFoundException("x", "alpha"), Status.Code.NOT_FOUND, "'x'"),
                Arguments.of(new CheckpointNotFoundException(Path.of("/m")), Status.Code.NOT_FOUND, "/m"),
                Arguments.of(new CheckpointInvalidException(Path.of("/m"), "no config.json"),
                        Status.Code.FAILED_PRECONDITION, "no config.json"),
                Arguments.of(new DeviceUnavailableException("gpu:1 absent"), Status.Code.FAILED_PRECONDITION,
                        "gpu:1"),
                Arguments.of(new ModelUnavailableException("loading /m"), Status.Code.UNAVAILABLE, "loading"),
                Arguments.of(new RejectedExecutionException("pool shut down"), Status.Code.UNAVAILABLE, "shut"),
                Arguments.of(new QueueFullException("generate", 4), Status.Code.RESOURCE_EXHAUSTED, "queue is full"),
                Arguments.of(new OutOfMemoryError("Java heap space"), Status.Code.RESOURCE_EXHAUSTED, "heap"),
                Arguments.of(new LoadInProgressException("/m"), Status.Code.ABORTED, "in progress"),
                Arguments.of(new DeadlineExceededException("generating"), Status.Code.DEADLINE_EXCEEDED,
                        "generating"),
                Arguments.of(new CancellationException("gone"), Status.Code.CANCELLED, "gone"));
    }

    @ParameterizedTest
    @MethodSource("table")
    void eachKnownConditionGetsItsStatus(Throwable failure, Status.Code code, String fragment) {
        Status status = GrpcStatusMapper.toStatus(failure);
        assertEquals(code, status.getCode());
        assertTrue(status.getDescription().contains(fragment), status.getDescription());
    }

    @Test
    void wrappersAreUnwrapped() {
        QueueFullException full = new QueueFullException("request", 2);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, GrpcStatusMapper.toStatus(new CompletionException(full)).getCode());
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, GrpcStatusMapper.toStatus(new ExecutionException(full)).getCode());
        assertEquals(Status.Code.RESOURCE_EXHAUSTED,
                GrpcStatusMapper.toStatus(new CompositeException(full, new IllegalStateException())).getCode());
    }

    @Test
    void aStatusKeepsItsStatus() {
        Status s = Status.PERMISSION_DENIED.withDescription("no");
        assertEquals(s, GrpcStatusMapper.toStatus(new StatusRuntimeException(s)));
    }

    @Test
    void anUnknownFailureIsInternalNeverUnknown() {
        Status status = GrpcStatusMapper.toStatus(new IllegalStateException("bug"));
        assertEquals(Status.Code.INTERNAL, status.getCode());
        assertTrue(status.getDescription().contains("bug"));
    }
}
