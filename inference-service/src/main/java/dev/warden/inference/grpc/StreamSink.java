package dev.warden.inference.grpc;

import dev.warden.inference.generate.GeneratedDelta;
import dev.warden.inference.generate.GenerationSink;
import dev.warden.inference.generate.GenerationSummary;
import dev.warden.proto.v1.GenerateResponse;
import io.smallrye.mutiny.subscription.MultiEmitter;

/** A generation's events onto the gRPC response stream: deltas, then the finish message and the end. */
final class StreamSink implements GenerationSink {

    private final MultiEmitter<? super GenerateResponse> emitter;

    StreamSink(MultiEmitter<? super GenerateResponse> emitter) {
        this.emitter = emitter;
    }

    @Override
    public void onDelta(GeneratedDelta delta) {
        emitter.emit(ResponseMapper.delta(delta));
    }

    @Override
    public void onFinish(GenerationSummary summary) {
        emitter.emit(ResponseMapper.finish(summary));
        emitter.complete();
    }

    @Override
    public void onError(Throwable failure) {
        emitter.fail(failure);
    }
}
