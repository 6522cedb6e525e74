package dev.warden.gateway.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.api.ModerationResponse;
import dev.warden.gateway.error.InvalidRequestException;
import dev.warden.gateway.error.Upstream;
import dev.warden.gateway.pipeline.Admission;
import dev.warden.gateway.pipeline.Hazards;
import dev.warden.gateway.pipeline.Prompts;
import dev.warden.gateway.pipeline.RequestState;
import dev.warden.gateway.pipeline.TokenEstimator;
import dev.warden.gateway.pipeline.UpstreamCalls;
import dev.warden.gateway.client.JudgeClient;
import dev.warden.proto.v1.CategoryScore;
import dev.warden.proto.v1.HazardCategory;
import dev.warden.proto.v1.JudgeScoreRequest;
import dev.warden.proto.v1.JudgeScoreResponse;
import dev.warden.proto.v1.ScoreBatchRequest;
import dev.warden.proto.v1.Verdict;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code POST /v1/moderations}: authenticates and rate-limits like a chat request, then asks the judge to score
 * every input as a prompt (one ScoreBatch call) and answers in OpenAI's moderation shape through
 * {@link ModerationCategories}. The judge is the answer here, so its being unavailable is always a 503,
 * whatever the tenant's fail-open policy.
 */
public final class ModerationService {

    /** The {@code model} every moderation response names. */
    public static final String MODEL = "warden-judge";

    private final Admission admission;
    private final TokenEstimator estimator;
    private final JudgeClient judge;
    private final int maxInputs;
    private final UpstreamCalls calls;

    /**
     * The service.
     *
     * @param maxInputs the most inputs of one request
     */
    public ModerationService(Admission admission, TokenEstimator estimator, JudgeClient judge, int maxInputs,
                             UpstreamCalls calls) {
        this.admission = Objects.requireNonNull(admission, "admission");
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.maxInputs = maxInputs;
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /**
     * Moderates the request's inputs.
     *
     * @param body parses the request body (after authentication)
     */
    public Uni<ModerationResponse> moderate(RequestState state, String authorization, Supplier<JsonNode> body) {
        return admission.authenticate(state, authorization)
                .flatMap(caller -> {
                    JsonNode json = body.get();
                    return admission.admit(state, estimator.moderationTokens(json)).replaceWith(json);
                })
                .map(this::inputs)
                .flatMap(inputs -> {
                    ScoreBatchRequest.Builder batch = ScoreBatchRequest.newBuilder();
                    inputs.forEach(text -> batch.addItems(JudgeScoreRequest.newBuilder()
                            .setPrompt(Prompts.text(text)).setRequestId(state.requestId())));
                    return calls.timed(state, Upstream.JUDGE, "ScoreBatch", "judge_moderation",
                            () -> judge.scoreBatch(batch.build(), state.executor()));
                })
                .map(batch -> {
                    List<ModerationResponse.Result> results = new ArrayList<>();
                    batch.getResultsList().forEach(r -> results.add(result(r)));
                    return new ModerationResponse(state.requestId(), MODEL, results);
                });
    }

    /** The texts of {@code input}: a string, or an array of strings or {@code {"type": "text", "text": ...}}. */
    List<String> inputs(JsonNode body) {
        if (!body.isObject()) {
            throw InvalidRequestException.invalidJson("expected a JSON object");
        }
        JsonNode input = body.path("input");
        if (input.isMissingNode() || input.isNull()) {
            throw InvalidRequestException.missing("input");
        }
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            texts.add(input.textValue());
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                JsonNode item = input.get(i);
                if (item.isTextual()) {
                    texts.add(item.textValue());
                } else if ("text".equals(item.path("type").asText()) && item.path("text").isTextual()) {
                    texts.add(item.path("text").textValue());
                } else {
                    throw InvalidRequestException.invalidValue("input[" + i + "]",
                            "each input must be a string or a text part; images are not supported");
                }
            }
        } else {
            throw InvalidRequestException.invalidValue("input", "input must be a string or an array of strings");
        }
        if (texts.isEmpty() || texts.size() > maxInputs) {
            throw InvalidRequestException.invalidValue("input", "input must hold 1 to " + maxInputs
                    + " texts, got " + texts.size());
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).isBlank()) {
                throw InvalidRequestException.invalidValue(input.isArray() ? "input[" + i + "]" : "input",
                        "an input must not be empty");
            }
        }
        return texts;
    }

    private static ModerationResponse.Result result(JudgeScoreResponse judged) {
        List<CategoryScore> scores = judged.getCategoryScoresList();
        Map<String, List<String>> applied = new LinkedHashMap<>();
        ModerationCategories.names().forEach(name -> applied.put(name, List.of("text")));
        Map<String, ModerationResponse.HazardResult> hazards = new LinkedHashMap<>();
        scores.stream().filter(s -> s.getCategory() != HazardCategory.HAZARD_CATEGORY_UNSPECIFIED
                        && s.getCategory() != HazardCategory.UNRECOGNIZED)
                .forEach(s -> hazards.put(Hazards.code(s.getCategory()), new ModerationResponse.HazardResult(
                        Hazards.name(s.getCategory()), Hazards.decimal(s.getScore()), s.getFlagged())));
        return new ModerationResponse.Result(judged.getVerdict() == Verdict.VERDICT_UNSAFE,
                ModerationCategories.flags(scores), ModerationCategories.scores(scores), applied, hazards);
    }
}
