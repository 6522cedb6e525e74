package dev.warden.judge.client;

import dev.warden.judge.error.UpstreamException;
import dev.warden.proto.v1.FinishReason;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.HiddenStatesRequest;
import dev.warden.proto.v1.HiddenStatesResponse;
import dev.warden.proto.v1.MutinyInferenceGrpc;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.SamplingParams;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What the judge asks of inference-service, over gRPC: greedy completions (the LLM judge, the bias audit)
 * and pooled hidden states (alignment geometry). A failed call becomes an {@link UpstreamException} naming
 * the RPC and carrying the upstream status.
 */
public final class InferenceClient {

    private final MutinyInferenceGrpc.MutinyInferenceStub stub;

    /** A client over {@code stub} (the gRPC client {@code inference}). */
    public InferenceClient(MutinyInferenceGrpc.MutinyInferenceStub stub) {
        this.stub = Objects.requireNonNull(stub, "stub");
    }

    /**
     * A complete greedy generation.
     *
     * @param model        the served model's name; empty for the loaded one
     * @param maxNewTokens most tokens generated
     */
    public Uni<Completion> complete(String model, Prompt prompt, int maxNewTokens, Duration timeout) {
        GenerateRequest request = GenerateRequest.newBuilder().setModel(model).setPrompt(prompt)
                .setSampling(SamplingParams.newBuilder().setTemperature(0f).setMaxNewTokens(maxNewTokens)).build();
        return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).generate(request)
                .collect().in(Accumulator::new, Accumulator::add)
                .map(Accumulator::completion)
                .onFailure().transform(t -> upstream("Generate", t));
    }

    /** Pooled hidden states. */
    public Uni<HiddenStatesResponse> hiddenStates(HiddenStatesRequest request, Duration timeout) {
        return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).hiddenStates(request)
                .onFailure().transform(t -> upstream("HiddenStates", t));
    }

    private static Throwable upstream(String rpc, Throwable t) {
        return t instanceof UpstreamException ? t : new UpstreamException(rpc, Status.fromThrowable(t), t);
    }

    /**
     * A finished generation.
     *
     * @param text   the generated text
     * @param model  the model that generated it
     * @param finish why it ended
     */
    public record Completion(String text, String model, FinishReason finish) {
    }

    /** Collects a Generate stream. */
    private static final class Accumulator {
        private final StringBuilder text = new StringBuilder();
        private String model = "";
        private FinishReason finish = FinishReason.FINISH_REASON_UNSPECIFIED;

        void add(GenerateResponse r) {
            if (r.hasDelta()) {
                text.append(r.getDelta().getText());
            } else if (r.hasFinish()) {
                model = r.getFinish().getModel();
                finish = r.getFinish().getFinishReason();
            }
        }

        Completion completion() {
            return new Completion(text.toString(), model, finish);
        }
    }
}
