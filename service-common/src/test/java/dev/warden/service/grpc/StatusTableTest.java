package dev.warden.service.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.CompositeException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class StatusTableTest {

    /** A condition whose code depends on the instance, as the judge's upstream failures do. */
    static final class Coded extends RuntimeException {
        final Status.Code code;

        Coded(Status.Code code) {
            super("coded " + code);
            this.code = code;
        }
    }

    private final StatusTable table = StatusTable.builder("test")
            .map(IllegalStateException.class, Status.Code.FAILED_PRECONDITION)
            .map(RuntimeException.class, Status.Code.INVALID_ARGUMENT) // after the more specific row: never shadows it
            .build();

    @Test
    void theFirstMatchingRowWinsWithTheMessageAsDescription() {
        Status s = table.toStatus(new IllegalStateException("not loaded"));
        assertEquals(Status.Code.FAILED_PRECONDITION, s.getCode());
        assertEquals("not loaded", s.getDescription());
        assertEquals(Status.Code.INVALID_ARGUMENT, table.toStatus(new IllegalArgumentException("bad")).getCode());
    }

    @Test
    void wrappersAreRemoved() {
        IllegalStateException cause = new IllegalStateException("x");
        assertEquals(Status.Code.FAILED_PRECONDITION, table.toStatus(new CompletionException(cause)).getCode());
        assertEquals(Status.Code.FAILED_PRECONDITION, table.toStatus(new ExecutionException(cause)).getCode());
        assertEquals(Status.Code.FAILED_PRECONDITION,
                table.toStatus(new CompositeException(cause, new RuntimeException())).getCode());
    }

    @Test
    void aStatusExceptionKeepsItsStatus() {
        Status s = Status.DEADLINE_EXCEEDED.withDescription("late");
        assertSame(s, table.toStatus(new StatusRuntimeException(s)));
    }

    @Test
    void aComputedCodeComesFromTheInstance() {
        StatusTable coded = StatusTable.builder("test").map(Coded.class, e -> e.code).build();
        assertEquals(Status.Code.NOT_FOUND, coded.toStatus(new Coded(Status.Code.NOT_FOUND)).getCode());
        assertEquals(Status.Code.UNAVAILABLE, coded.toStatus(new Coded(Status.Code.UNAVAILABLE)).getCode());
    }

    @Test
    void aCancelledFutureIsCancelledAndAnythingUnknownIsInternal() {
        StatusTable empty = StatusTable.builder("test").build();
        assertEquals(Status.Code.CANCELLED, empty.toStatus(new CancellationException()).getCode());
        Status internal = empty.toStatus(new NullPointerException("bug"));
        assertEquals(Status.Code.INTERNAL, internal.getCode());
        assertTrue(internal.getDescription().startsWith("internal error:"), internal.getDescription());
    }
}
