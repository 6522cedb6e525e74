package dev.warden.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.auth.TenantPolicy;
import dev.warden.gateway.error.NotFoundException;
import dev.warden.gateway.error.PermissionDeniedException;
import dev.warden.gateway.error.Upstream;
import dev.warden.gateway.routing.Route;
import dev.warden.gateway.routing.RoutingTable;
import dev.warden.gateway.client.InferenceClient;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.SamplingParams;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The guard pipeline of one chat completion, in order: authenticate, rate-limit (prompt estimate plus
 * completion budget), validate, route (404 unknown model, 403 model not allowed for the key), input rails,
 * prompt-level defenses; then {@link #generate} streams inference's tokens through the output rails.
 * {@link RequestEnd} settles the request (refund, audit, metrics) once the response is over.
 */
public final class ChatPipeline {

    private final Admission admission;
    private final TokenEstimator estimator;
    private final ChatRequestParser parser;
    private final RoutingTable routes;
    private final InputRails inputRails;
    private final PromptDefense defense;
    private final InferenceClient inference;
    private final OutputRails outputRails;
    private final UpstreamCalls calls;

    /** A pipeline over its steps. */
    public ChatPipeline(Admission admission, TokenEstimator estimator, ChatRequestParser parser, RoutingTable routes,
                        InputRails inputRails, PromptDefense defense, InferenceClient inference,
                        OutputRails outputRails) {
        this.admission = Objects.requireNonNull(admission, "admission");
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.inputRails = Objects.requireNonNull(inputRails, "inputRails");
        this.defense = Objects.requireNonNull(defense, "defense");
        this.inference = Objects.requireNonNull(inference, "inference");
        this.outputRails = Objects.requireNonNull(outputRails, "outputRails");
        this.calls = outputRails.calls();
    }

    /**
     * Runs every step before generation; the result is delivered on the request's executor.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param body parses the request body (called after authentication; throws
     *             {@link dev.warden.gateway.error.InvalidRequestException} for malformed JSON)
     * @return the request, ready to generate
     */
    public Uni<PreparedChat> prepare(RequestState state, String authorization, Supplier<JsonNode> body) {
        return admission.authenticate(state, authorization)
                .flatMap(caller -> {
                    JsonNode json = body.get();
                    return admission.admit(state, estimator.chatTokens(json)).replaceWith(json);
                })
                .map(json -> route(state, parser.parse(json)))
                .call(chat -> inputRails.check(state, chat.route(), chat.request().messages(),
                        chat.request().promptChars(), chat.policy()))
                .map(chat -> chat.defended(chat.policy().defensePrompt()
                        ? state.clock().work(() -> defense.apply(chat.request().messages()))
                        : chat.request().messages()))
                // back on the request's event loop (the last step may have completed on a Redis client thread), where
                // generation starts and every later callback of the request runs
                .emitOn(state.executor());
    }

    /**
     * Generates the completion: inference's stream through the output rails. Items are delivered on the
     * request's executor; cancelling the subscription cancels the Generate call.
     */
    public Multi<ChatEvent> generate(RequestState state, PreparedChat chat) {
        ChatRequest request = chat.request();
        SamplingParams.Builder sampling = SamplingParams.newBuilder().setMaxNewTokens(request.maxTokens())
                .addAllStop(request.stop());
        if (request.temperature() != null) {
            sampling.setTemperature(request.temperature());
        }
        if (request.topP() != null) {
            sampling.setTopP(request.topP());
        }
        if (request.seed() != null) {
            sampling.setSeed(request.seed());
        }
        if (request.logprobs()) {
            sampling.setLogprobs(true).setTopLogprobs(request.topLogprobs());
        }
        GenerateRequest generate = GenerateRequest.newBuilder().setPrompt(Prompts.chat(chat.messages()))
                .setSampling(sampling).setRequestId(state.requestId()).build();
        Multi<dev.warden.proto.v1.GenerateResponse> tokens = calls.timed(state, Upstream.INFERENCE, "Generate",
                "inference", inference.generate(chat.route(), generate, state.executor()));
        int estimatedPrompt = (int) Math.min(Integer.MAX_VALUE, estimator.promptTokens(request.messages()));
        return outputRails.guard(state, tokens, request.messages(), chat.policy(), estimatedPrompt);
    }

    private PreparedChat route(RequestState state, ChatRequest request) {
        Route route = routes.route(request.model()).orElseThrow(() -> NotFoundException.model(request.model()));
        state.model(route.model());
        if (!state.caller().allowsModel(route.model())) {
            throw PermissionDeniedException.model(route.model());
        }
        TenantPolicy policy = state.caller().policy();
        if (policy.storePromptText()) {
            state.promptText(PromptText.of(request.messages()));
        }
        return new PreparedChat(request, route, policy, request.messages());
    }

    /**
     * A request that passed every step before generation.
     *
     * @param request the validated request
     * @param route where its model is served
     * @param policy the tenant's policy
     * @param messages the messages to generate from (after prompt-level defenses)
     */
    public record PreparedChat(ChatRequest request, Route route, TenantPolicy policy, List<Message> messages) {

        /** Checks the components. */
        public PreparedChat {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(policy, "policy");
            messages = List.copyOf(messages);
        }

        PreparedChat defended(List<Message> defendedMessages) {
            return new PreparedChat(request, route, policy, defendedMessages);
        }
    }
}
