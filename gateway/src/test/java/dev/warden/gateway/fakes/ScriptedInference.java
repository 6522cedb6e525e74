package dev.warden.gateway.fakes;

import dev.warden.proto.v1.ChatMessage;
import dev.warden.proto.v1.FinishReason;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.GenerationFinish;
import dev.warden.proto.v1.InferenceGrpc;
import dev.warden.proto.v1.InferenceScoreRequest;
import dev.warden.proto.v1.InferenceScoreResponse;
import dev.warden.proto.v1.ModelInfo;
import dev.warden.proto.v1.ModelInfoRequest;
import dev.warden.proto.v1.ModelInfoResponse;
import dev.warden.proto.v1.Role;
import dev.warden.proto.v1.TokenDelta;
import dev.warden.proto.v1.TokenLogProb;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic stand-in for inference-service's Generate, for tests and the benchmark: it streams a
 * scripted answer one token (word) per message. By default the answer echoes the last user message
 * ({@code Echo: ...}); {@link Script} markers in that message ask for N filler tokens, a harmful continuation
 * after N tokens, a delay between tokens, or a failure. {@code max_new_tokens} cuts the answer (finish
 * LENGTH). With {@code logprobs}, every token carries {@link #SCRIPTED_LOGPROB} and {@code top_logprobs}
 * alternatives. It counts calls and calls the client cancelled, and keeps the last request.
 *
 * <p>Score is a toy language model: see {@link #logprobs(String)}. {@code [SCRIPT:score-unavailable]} in the text
 * makes it fail with UNAVAILABLE; {@code [RENDEZVOUS:key]} holds it until the judge has a call for the same key.
 */
public final class ScriptedInference extends InferenceGrpc.InferenceImplBase {

    /** The model name it reports. */
    public static final String MODEL = "scripted";

    /** Log-probability of a plain token (a word, a number, punctuation in its place). */
    public static final float PLAIN = -2.0f;
    /** Log-probability of plain punctuation. */
    public static final float PUNCTUATION = -1.5f;
    /** Log-probability of token salad: a case switch inside a word, a symbol glued to another symbol. */
    public static final float SALAD = -10.0f;
    /** Log-probability of every generated token when Generate asks for logprobs. */
    public static final float SCRIPTED_LOGPROB = -0.25f;

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z]+|[0-9]+|\\S");
    private static final Pattern MIXED_CASE = Pattern.compile("[a-z][A-Z]");

    private final ScheduledExecutorService timer;
    private final Rendezvous rendezvous;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger scoreCalls = new AtomicInteger();
    private final AtomicReference<InferenceScoreRequest> lastScore = new AtomicReference<>();
    private final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicReference<GenerateRequest> last = new AtomicReference<>();

    /** A fake whose delayed streams run on {@code timer}, meeting the judge at {@code rendezvous}. */
    public ScriptedInference(ScheduledExecutorService timer, Rendezvous rendezvous) {
        this.timer = timer;
        this.rendezvous = rendezvous;
    }

    /** Score calls received. */
    public int scoreCalls() {
        return scoreCalls.get();
    }

    /** The last Score request received, or null. */
    public InferenceScoreRequest lastScoreRequest() {
        return lastScore.get();
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
    public void score(InferenceScoreRequest request, StreamObserver<InferenceScoreResponse> observer) {
        scoreCalls.incrementAndGet();
        lastScore.set(request);
        String text = request.getText();
        if (text.isEmpty()) {
            observer.onError(Status.INVALID_ARGUMENT.withDescription("text: must be non-empty").asRuntimeException());
            return;
        }
        if (text.contains("[SCRIPT:score-unavailable]")) {
            observer.onError(Status.UNAVAILABLE.withDescription("scripted: Score unavailable").asRuntimeException());
            return;
        }
        List<TokenLogProb> tokens = logprobs(text);
        double total = 0;
        for (TokenLogProb token : tokens) {
            total += token.getLogprob();
        }
        InferenceScoreResponse response = InferenceScoreResponse.newBuilder().setModel(MODEL).addAllTokens(tokens)
                .setTotalLogprob(total).setPerplexity(Math.exp(-total / tokens.size())).setContextTokens(1).build();
        String meeting = Script.rendezvous(text);
        if (meeting == null) {
            observer.onNext(response);
            observer.onCompleted();
            return;
        }
        rendezvous.meet(meeting, () -> {
            observer.onNext(response);
            observer.onCompleted();
        }, () -> observer.onError(Status.UNAVAILABLE.withDescription("no judge call met this Score call")
                .asRuntimeException()));
    }

    /**
     * The toy model's tokens of a text and their log-probabilities. Tokens are runs of letters, runs of digits,
     * and single other characters. A token is token salad ({@value #SALAD}) when it is a word with a lowercase
     * letter followed by an uppercase one ({@code similarlyNow}), or a symbol next to another symbol
     * ({@code ]](}, {@code **}); other words and numbers are plain ({@value #PLAIN}), other symbols punctuation
     * ({@value #PUNCTUATION}). So prose scores a perplexity of about 7 and optimisation suffixes in the style of
     * GCG's about 20,000 (NLL 10) on their salad tokens.
     */
    public static List<TokenLogProb> logprobs(String text) {
        List<TokenLogProb> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String token = m.group();
            float logprob;
            if (Character.isLetterOrDigit(token.charAt(0))) {
                logprob = MIXED_CASE.matcher(token).find() ? SALAD : PLAIN;
            } else {
                boolean glued = symbolAt(text, m.start() - 1) || symbolAt(text, m.end());
                logprob = glued ? SALAD : PUNCTUATION;
            }
            tokens.add(TokenLogProb.newBuilder().setTokenId(tokens.size()).setToken(token).setLogprob(logprob).build());
        }
        return tokens;
    }

    private static boolean symbolAt(String text, int i) {
        if (i < 0 || i >= text.length()) {
            return false;
        }
        char c = text.charAt(i);
        return !Character.isWhitespace(c) && !Character.isLetterOrDigit(c);
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
                TokenDelta.Builder delta = TokenDelta.newBuilder().setText(tokens.get(i)).addTokenIds(1000 + i);
                if (request.getSampling().getLogprobs()) {
                    delta.addLogprobs(scriptedLogprob(1000 + i, tokens.get(i), request.getSampling().getTopLogprobs()));
                }
                stream.onNext(GenerateResponse.newBuilder().setDelta(delta).build());
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

        /**
         * The scripted log-probability of a token: {@value #SCRIPTED_LOGPROB}, its alternatives the token itself
         * then {@code " alt1"}, {@code " alt2"} ..., each one nat less likely than the one before.
         */
        private static TokenLogProb scriptedLogprob(int id, String token, int top) {
            TokenLogProb.Builder b = TokenLogProb.newBuilder().setTokenId(id).setToken(token)
                    .setLogprob(SCRIPTED_LOGPROB);
            for (int k = 0; k < top; k++) {
                b.addTopLogprobs(TokenLogProb.newBuilder().setTokenId(k == 0 ? id : k).setToken(k == 0 ? token
                        : " alt" + k).setLogprob(SCRIPTED_LOGPROB - k));
            }
            return b.build();
        }

        void stepLater(ScheduledExecutorService timer, int delayMs) {
            if (step()) {
                timer.schedule(() -> stepLater(timer, delayMs), delayMs, TimeUnit.MILLISECONDS);
            }
        }
    }
}
