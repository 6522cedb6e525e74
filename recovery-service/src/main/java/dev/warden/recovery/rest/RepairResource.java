package dev.warden.recovery.rest;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.warden.proto.v1.CancelRepairResponse;
import dev.warden.proto.v1.GetRepairResponse;
import dev.warden.proto.v1.ListRepairsRequest;
import dev.warden.proto.v1.RepairEvent;
import dev.warden.proto.v1.SubmitRepairRequest;
import dev.warden.proto.v1.SubmitRepairResponse;
import dev.warden.recovery.error.InvalidArgumentException;
import dev.warden.recovery.job.EventHub;
import dev.warden.recovery.job.JobState;
import dev.warden.recovery.json.ProtoJson;
import dev.warden.recovery.job.RepairService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The REST API, {@code /v1/repairs}: the same operations as the gRPC service, bodies in the proto3 JSON
 * mapping of recovery.proto's messages (snake_case). It only maps; {@link RepairService} does the work. The
 * methods are blocking and run on worker threads (Quarkus REST's default for non-reactive signatures).
 */
@Path("/v1/repairs")
public class RepairResource {

    @Inject
    RepairService service;

    /**
     * Submits a repair: body a SubmitRepairRequest; 202 with a SubmitRepairResponse for a new job, 200 for the
     * earlier job of the same idempotency key (body field, or the {@code Idempotency-Key} header); both with
     * {@code Location: /v1/repairs/<id>}.
     */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public RestResponse<String> submit(String body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        if (body == null || body.isBlank()) {
            throw new InvalidArgumentException("body", "a JSON SubmitRepairRequest is required, e.g."
                    + " {\"spec\": {\"aligned_path\": \"...\", \"fine_tuned_path\": \"...\"}}");
        }
        SubmitRepairRequest.Builder request;
        try {
            request = ProtoJson.parseStrict(body, SubmitRepairRequest.newBuilder());
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidArgumentException("body", "not a valid SubmitRepairRequest: " + e.getMessage());
        }
        if (request.getIdempotencyKey().isEmpty() && idempotencyKey != null) {
            request.setIdempotencyKey(idempotencyKey);
        }
        SubmitRepairResponse response = service.submit(request.build());
        return RestResponse.ResponseBuilder.<String>create(response.getExisting() ? 200 : 202)
                .entity(ProtoJson.api(response))
                .location(URI.create("/v1/repairs/" + response.getJob().getJobId()))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** One job: a GetRepairResponse. */
    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public String get(@PathParam("id") String id) {
        return ProtoJson.api(GetRepairResponse.newBuilder().setJob(service.get(id)).build());
    }

    /**
     * A page of jobs, newest first: a ListRepairsResponse. {@code state} may repeat or hold a comma-separated
     * list ({@code running}, {@code RUNNING} or {@code REPAIR_STATE_RUNNING}).
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String list(@QueryParam("page_size") String pageSize, @QueryParam("page_token") String pageToken,
                       @QueryParam("state") List<String> states) {
        ListRepairsRequest.Builder request = ListRepairsRequest.newBuilder()
                .setPageToken(pageToken == null ? "" : pageToken);
        if (pageSize != null && !pageSize.isBlank()) {
            try {
                request.setPageSize(Integer.parseInt(pageSize.strip()));
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("page_size", "not an integer: '" + pageSize + "'");
            }
        }
        for (String group : states == null ? List.<String>of() : states) {
            for (String name : group.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                JobState state = JobState.parse(name);
                if (state == null) {
                    throw new InvalidArgumentException("state", "unknown state '" + name.strip() + "' (queued,"
                            + " running, succeeded, failed or cancelled)");
                }
                request.addStates(state.proto());
            }
        }
        return ProtoJson.api(service.list(request.build()));
    }

    /** Cancels: a CancelRepairResponse (409 for a job that already succeeded or failed). */
    @DELETE
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public String cancel(@PathParam("id") String id) {
        return ProtoJson.api(CancelRepairResponse.newBuilder().setJob(service.cancel(id)).build());
    }

    /** The job's RepairReport (step rows so far while it runs). */
    @GET
    @Path("{id}/report")
    @Produces(MediaType.APPLICATION_JSON)
    public String report(@PathParam("id") String id) {
        return ProtoJson.api(service.report(id));
    }

    /** The report as a self-contained HTML page. */
    @GET
    @Path("{id}/report.html")
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public String reportHtml(@PathParam("id") String id) {
        return service.reportHtml(id);
    }

    /**
     * Progress as server-sent events: one RepairEvent (JSON) per event, its {@code id} the sequence number;
     * recorded events after {@code Last-Event-ID} (or {@code ?after_sequence=}) first, then live ones; the
     * stream ends after the event carrying a terminal state. Keep-alive comments flow while nothing happens.
     */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
                                          @QueryParam("after_sequence") String afterSequence, @Context Sse sse) {
        boolean header = lastEventId != null && !lastEventId.isBlank();
        long after = sequence(header ? lastEventId : afterSequence, header ? "Last-Event-ID" : "after_sequence");
        service.requireJob(id); // a 404 before the stream starts
        return Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            EventHub.Subscription subscription = service.watch(id, after, new SseSink(emitter, sse));
            emitter.onTermination(subscription::close);
        }, BackPressureStrategy.BUFFER).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static long sequence(String text, String field) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            long v = Long.parseLong(text.strip());
            if (v < 0) {
                throw new InvalidArgumentException(field, "must be >= 0, got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException(field, "not a sequence number: '" + text + "'");
        }
    }

    /** Emits a watcher's events as SSE events (id = sequence, data = the RepairEvent's JSON). */
    private record SseSink(MultiEmitter<? super OutboundSseEvent> emitter, Sse sse) implements EventHub.Sink {

        @Override
        public boolean deliver(RepairEvent event) {
            if (emitter.isCancelled()) {
                return false;
            }
            emitter.emit(sse.newEventBuilder().id(Long.toString(event.getSequence())).data(ProtoJson.api(event))
                    .build());
            return true;
        }

        @Override
        public void end() {
            emitter.complete();
        }

        @Override
        public void abort(String reason) {
            emitter.complete();
        }

        @Override
        public boolean keepAlive() {
            if (emitter.isCancelled()) {
                return false;
            }
            emitter.emit(sse.newEventBuilder().comment("keep-alive").build());
            return true;
        }
    }
}
