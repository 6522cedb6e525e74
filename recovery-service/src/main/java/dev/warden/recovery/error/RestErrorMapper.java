package dev.warden.recovery.error;

import dev.warden.service.grpc.StatusTable;
import io.smallrye.mutiny.CompositeException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The ONE place where REST failures become responses, all with the {@link ErrorBody} shape:
 *
 * <table>
 * <caption>status mapping</caption>
 * <tr><th>failure</th><th>status</th><th>code</th></tr>
 * <tr><td>{@link InvalidArgumentException}</td><td>400</td><td>invalid_argument</td></tr>
 * <tr><td>{@link UnauthenticatedException}</td><td>401 + WWW-Authenticate: Bearer</td><td>unauthenticated</td></tr>
 * <tr><td>{@link NotFoundException}</td><td>404</td><td>not_found</td></tr>
 * <tr><td>{@link IdempotencyConflictException}</td><td>409</td><td>idempotency_key_reused</td></tr>
 * <tr><td>{@link JobFinishedException}</td><td>409</td><td>job_finished</td></tr>
 * <tr><td>{@link StoreUnavailableException}</td><td>503 + Retry-After: 1</td><td>store_unavailable</td></tr>
 * <tr><td>JAX-RS's own (unknown path 404, wrong method 405, ...)</td><td>its status</td><td>its reason,
 *     snake_case</td></tr>
 * <tr><td>anything else (a bug, logged with its stack)</td><td>500</td><td>internal</td></tr>
 * </table>
 * Wrappers ({@link CompletionException}, {@link ExecutionException}, Mutiny's {@link CompositeException}) are
 * removed first.
 */
public class RestErrorMapper {

    private static final Logger LOG = Logger.getLogger(RestErrorMapper.class);

    /** Maps every failure of a resource or filter. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> map(Throwable failure) {
        return toResponse(failure);
    }

    /** The response for {@code failure}. */
    public static RestResponse<ErrorBody> toResponse(Throwable failure) {
        Throwable t = StatusTable.unwrap(failure);
        if (t instanceof RecoveryException e) {
            RestResponse.ResponseBuilder<ErrorBody> b = json(status(e), ErrorBody.of(e.code(), e.getMessage(), e.field()));
            if (e instanceof UnauthenticatedException) {
                b.header("WWW-Authenticate", "Bearer");
            } else if (e instanceof StoreUnavailableException) {
                b.header("Retry-After", "1");
            }
            return b.build();
        }
        if (t instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            Response.StatusType type = Response.Status.fromStatusCode(status);
            String reason = type == null ? "http_" + status
                    : type.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '_');
            return json(status, ErrorBody.of(reason, String.valueOf(w.getMessage()), null)).build();
        }
        LOG.errorf(t, "unexpected failure of a REST call");
        return json(500, ErrorBody.of("internal",
                "recovery-service failed to process the request; the error was logged", null)).build();
    }

    private static RestResponse.ResponseBuilder<ErrorBody> json(int status, ErrorBody body) {
        return RestResponse.ResponseBuilder.<ErrorBody>create(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE);
    }

    private static int status(RecoveryException e) {
        if (e instanceof InvalidArgumentException) {
            return 400;
        } else if (e instanceof UnauthenticatedException) {
            return 401;
        } else if (e instanceof NotFoundException) {
            return 404;
        } else if (e instanceof IdempotencyConflictException || e instanceof JobFinishedException) {
            return 409;
        } else {
            return 503; // StoreUnavailableException, the last of the sealed hierarchy
        }
    }
}
