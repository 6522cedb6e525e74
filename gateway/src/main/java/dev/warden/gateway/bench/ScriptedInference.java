package dev.warden.gateway.bench;

import dev.warden.proto.v1.ChatMessage;
import dev.warden.proto.v1.FinishReason;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.GenerationFinish;
import dev.warden.proto.v1.InferenceGrpc;
import dev.warden.proto.v1.ModelInfo;
import dev.warden.proto.v1.ModelInfoRequest;
import dev.warden.proto.v1.ModelInfoResponse;
import dev.warden.proto.v1.Role;
import dev.warden.proto.v1.TokenDelta;
import dev.warden.proto.v1.Usage;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A deterministic stand-in for inference-service's Generate, for tests and the benchmark: it streams a
 * scripted answer one token (word) per message. By default the answer echoes the last user message
 * ({@code Echo: ...}); {@link Script} markers in that message ask for N filler tokens, a harmful continuation
 * after N tokens, a delay between tokens, or a failure. {@code max_new_tokens} cuts the answer (finish
 * LENGTH). It counts calls and calls the client cancelled, and keeps the last request.
 */
public final class ScriptedInference extends InferenceGrpc.InferenceImplBase {

    /** The model name it reports. */
    public static final String MODEL = "scripted";

    private final ScheduledExecutorService timer;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicReference<GenerateRequest> last = new AtomicReference<>();

    /** A fake whose delayed streams run on {@code timer}. */
    public ScriptedInference(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Generate calls received. */
    public int calls() {
        return calls.get();
    }

    /** Generate calls the client cancelled before their end. */
    public int cancelled() {
        return cancelled.get();
    }

    /** The last Generate request received, or null. */
    public GenerateRequest lastRequest() {
        return last.get();
    }

    @Override
    public void generate(GenerateRequest request, StreamObserver<GenerateResponse> observer) {
        calls.incrementAndGet();
        last.set(request);
        String user = lastUserMessage(request);
        if (user.contains("[SCRIPT:unavailable]")) {
            observer.onError(Status.UNAVAILABLE.withDescription("scripted: unavailable").asRuntimeException());
            return;
        }
        if (user.contains("[SCRIPT:invalid]")) {
            observer.onError(Status.INVALID_ARGUMENT.withDescription("prompt: longer than the context window")
                    .asRuntimeException());
            return;
        }
        List<String> answer = answer(user);
        int max = request.getSampling().hasMaxNewTokens() ? request.getSampling().getMaxNewTokens() : Integer.MAX_VALUE;
        FinishReason reason = FinishReason.FINISH_REASON_STOP;
        if (answer.size() > max) {
            answer = answer.subList(0, max);
            reason = FinishReason.FINISH_REASON_LENGTH;
        }
        ServerCallStreamObserver<GenerateResponse> stream = (ServerCallStreamObserver<GenerateResponse>) observer;
        AtomicInteger next = new AtomicInteger();
        stream.setOnCancelHandler(() -> {
            if (next.get() >= 0) {
                cancelled.incrementAndGet();
            }
        });
        Emission emission = new Emission(stream, answer, reason, promptTokens(request), request, next);
        int delay = Script.delayMs(user).orElse(0);
        if (delay == 0) {
            while (emission.step()) {
                // all at once
            }
        } else {
            timer.schedule(() -> emission.stepLater(timer, delay), delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void modelInfo(ModelInfoRequest request, StreamObserver<ModelInfoResponse> observer) {
        observer.onNext(ModelInfoResponse.newBuilder().setModelInfo(ModelInfo.newBuilder().setName(MODEL)
                .setArchitecture("LlamaForCausalLM").setModelType("llama").setContextLength(4096)).build());
        observer.onCompleted();
    }

    /** The scripted answer's tokens, each with its leading space. */
    static List<String> answer(String user) {
        List<String> tokens = new ArrayList<>();
        var harmfulAfter = Script.harmfulAfter(user);
        var count = Script.tokens(user);
        if (harmfulAfter.isPresent()) {
            filler(tokens, harmfulAfter.getAsInt());
            tokens.add(" " + Script.HARMFUL);
            filler(tokens, 40);
        } else if (count.isPresent()) {
            filler(tokens, count.getAsInt());
        } else {
            tokens.add("Echo:");
            for (String word : user.strip().split("\\s+")) {
                if (!word.isEmpty()) {
                    tokens.add(" " + word);
                }
            }
        }
        return tokens;
    }

    private static void filler(List<String> tokens, int n) {
        for (int i = 0; i < n; i++) {
            tokens.add(" w" + i);
        }
    }

    private static String lastUserMessage(GenerateRequest request) {
        if (request.getPrompt().hasChat()) {
            List<ChatMessage> messages = request.getPrompt().getChat().getMessagesList();
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i).getRole() == Role.ROLE_USER) {
                    return messages.get(i).getContent();
                }
            }
            return "";
        }
        return request.getPrompt().getText();
    }

    private static int promptTokens(GenerateRequest request) {
        int tokens = 0;
        for (ChatMessage m : request.getPrompt().getChat().getMessagesList()) {
            tokens += 4 + m.getContent().split("\\s+").length;
        }
        return tokens + request.getPrompt().getText().split("\\s+").length;
    }

    /** One answer being streamed; {@code next} is the next token index, -1 once finished. */
    private record Emission(ServerCallStreamObserver<GenerateResponse> stream, List<String> tokens,
                            FinishReason reason, int promptTokens, GenerateRequest request, AtomicInteger next) {

        /** Sends the next message; false when the stream is over. */
        boolean step() {
            if (stream.isCancelled()) {
                return false;
            }
            int i = next.get();
            if (i < tokens.size()) {
                stream.onNext(GenerateResponse.newBuilder().setDelta(TokenDelta.newBuilder()
                        .setText(tokens.get(i)).addTokenIds(1000 + i)).build());
                next.incrementAndGet();
                return true;
            }
            next.set(-1);
            stream.onNext(GenerateResponse.newBuilder().setFinish(GenerationFinish.newBuilder().setFinishReason(reason)
                    .setUsage(Usage.newBuilder().setPromptTokens(promptTokens).setCompletionTokens(tokens.size()))
                    .setRequestId(request.getRequestId()).setModel(MODEL)).build());
            stream.onCompleted();
            return false;
        }

        void stepLater(ScheduledExecutorService timer, int delayMs) {
            if (step()) {
                timer.schedule(() -> stepLater(timer, delayMs), delayMs, TimeUnit.MILLISECONDS);
            }
        }
    }
}
