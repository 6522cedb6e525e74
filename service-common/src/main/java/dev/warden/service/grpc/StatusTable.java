package dev.warden.service.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.CompositeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * How a service's exceptions become gRPC statuses: a table of rows, the first row whose type matches wins. The
 * rules every service shares live here once:
 * <ul>
 * <li>wrappers are removed first ({@link CompletionException}, {@link ExecutionException}, Mutiny's
 *     {@link CompositeException});</li>
 * <li>a {@link StatusRuntimeException} / {@link StatusException} keeps its status;</li>
 * <li>a row's status carries the exception's message as description;</li>
 * <li>a cancelled future is CANCELLED;</li>
 * <li>anything no row knows is a bug, not a known condition: it is logged with its stack trace and sent as
 *     INTERNAL (never UNKNOWN).</li>
 * </ul>
 * Each service builds its own table (its policy) in its {@code GrpcStatusMapper}. Immutable and thread-safe.
 */
public final class StatusTable {

    private final String service;
    private final Logger log;
    private final List<Row<?>> rows;

    private StatusTable(String service, List<Row<?>> rows) {
        this.service = service;
        this.log = Logger.getLogger(StatusTable.class.getName() + "." + service);
        this.rows = List.copyOf(rows);
    }

    /** A table for {@code service} (named in the log line of an unexpected failure). */
    public static Builder builder(String service) {
        return new Builder(Objects.requireNonNull(service, "service"));
    }

    /** The status for {@code failure}. */
    public Status toStatus(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof StatusRuntimeException sre) {
            return sre.getStatus();
        }
        if (t instanceof StatusException se) {
            return se.getStatus();
        }
        for (Row<?> row : rows) {
            Status.Code code = row.code(t);
            if (code != null) {
                return Status.fromCode(code).withDescription(t.getMessage());
            }
        }
        log.errorf(t, "unexpected failure of a %s gRPC call", service);
        return Status.INTERNAL.withDescription("internal error: " + t);
    }

    /** The innermost meaningful exception: completion / execution wrappers and composites removed. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && (t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof CompositeException)) {
            t = t.getCause();
        }
        return t;
    }

    /** Builds a table; rows are tried in the order they are added, CANCELLED for a cancelled future last. */
    public static final class Builder {

        private final String service;
        private final List<Row<?>> rows = new ArrayList<>();

        private Builder(String service) {
            this.service = service;
        }

        /** Exceptions of {@code type} get {@code code}. */
        public Builder map(Class<? extends Throwable> type, Status.Code code) {
            Objects.requireNonNull(code, "code");
            rows.add(new Row<>(type, e -> code));
            return this;
        }

        /** Exceptions of {@code type} get the code {@code code} computes from them (never null). */
        public <T extends Throwable> Builder map(Class<T> type, Function<T, Status.Code> code) {
            rows.add(new Row<>(type, code));
            return this;
        }

        /** The table. */
        public StatusTable build() {
            List<Row<?>> all = new ArrayList<>(rows);
            all.add(new Row<>(CancellationException.class, e -> Status.Code.CANCELLED));
            return new StatusTable(service, all);
        }
    }

    /** One row: a type and the code of its instances. */
    private record Row<T extends Throwable>(Class<T> type, Function<T, Status.Code> code) {

        Row {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(code, "code");
        }

        Status.Code code(Throwable t) {
            return type.isInstance(t) ? Objects.requireNonNull(code.apply(type.cast(t)), "code") : null;
        }
    }
}
