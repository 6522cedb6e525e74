package dev.warden.recovery.grpc;

import dev.warden.proto.v1.CancelRepairRequest;
import dev.warden.proto.v1.CancelRepairResponse;
import dev.warden.proto.v1.GetRepairRequest;
import dev.warden.proto.v1.GetRepairResponse;
import dev.warden.proto.v1.ListRepairsRequest;
import dev.warden.proto.v1.ListRepairsResponse;
import dev.warden.proto.v1.Recovery;
import dev.warden.proto.v1.RepairEvent;
import dev.warden.proto.v1.SubmitRepairRequest;
import dev.warden.proto.v1.SubmitRepairResponse;
import dev.warden.proto.v1.WatchRepairRequest;
import dev.warden.proto.v1.WatchRepairResponse;
import dev.warden.recovery.job.EventHub;
import dev.warden.recovery.job.RepairService;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * The warden.v1.Recovery gRPC service: each call is handed to {@link RepairService} on a worker thread (it
 * blocks on Redis and file headers) and mapped back; failures become statuses in
 * {@link dev.warden.recovery.error.GrpcStatusMapper}.
 */
@GrpcService
public class RecoveryGrpcService implements Recovery {

    @Inject
    RepairService service;

    @Override
    public Uni<SubmitRepairResponse> submitRepair(SubmitRepairRequest request) {
        return blocking(() -> service.submit(request));
    }

    @Override
    public Uni<GetRepairResponse> getRepair(GetRepairRequest request) {
        return blocking(() -> GetRepairResponse.newBuilder().setJob(service.get(request.getJobId())).build());
    }

    @Override
    public Uni<ListRepairsResponse> listRepairs(ListRepairsRequest request) {
        return blocking(() -> service.list(request));
    }

    @Override
    public Uni<CancelRepairResponse> cancelRepair(CancelRepairRequest request) {
        return blocking(() -> CancelRepairResponse.newBuilder().setJob(service.cancel(request.getJobId())).build());
    }

    @Override
    public Multi<WatchRepairResponse> watchRepair(WatchRepairRequest request) {
        return Multi.createFrom().<WatchRepairResponse>emitter(emitter -> {
            EventHub.Subscription subscription = service.watch(request.getJobId(), request.getAfterSequence(),
                    new GrpcSink(emitter));
            emitter.onTermination(subscription::close);
        }, BackPressureStrategy.BUFFER).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static <T> Uni<T> blocking(Supplier<T> call) {
        return Uni.createFrom().item(call).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Emits a watcher's events on the call's stream. */
    private record GrpcSink(MultiEmitter<? super WatchRepairResponse> emitter) implements EventHub.Sink {

        @Override
        public boolean deliver(RepairEvent event) {
            if (emitter.isCancelled()) {
                return false;
            }
            emitter.emit(WatchRepairResponse.newBuilder().setEvent(event).build());
            return true;
        }

        @Override
        public void end() {
            emitter.complete();
        }

        @Override
        public void abort(String reason) {
            emitter.fail(Status.UNAVAILABLE.withDescription(reason).asRuntimeException());
        }

        @Override
        public boolean keepAlive() {
            return !emitter.isCancelled();
        }
    }
}
