package dev.warden.gateway.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.ratelimit.RateDecision;
import dev.warden.gateway.ratelimit.RequestTooLargeException;
import dev.warden.gateway.state.StateUnavailableException;
import io.grpc.Status;
import io.smallrye.mutiny.CompositeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** One test per row of the error mapper's table, then the unwrapping rules. */
class ErrorMapperTest {

    private final ErrorMapper mapper = new ErrorMapper(Duration.ofMillis(1500));

    private static void expect(ErrorResponse r, int status, String type, String code, String param) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(type, r.error().type());
        assertEquals(code, r.error().code());
        assertEquals(param, r.error().param());
    }

    @Test
    void contentFilterIs400WithAzureStyleInnerError() throws Exception {
        ContentFilterDetails details = new ContentFilterDetails("prompt", Map.of("S9", 0.97),
                Map.of("S9", "indiscriminate_weapons"), 0.8, true, List.of("persona-takeover"));
        ErrorResponse r = mapper.map(new ContentFilteredException(details));
        expect(r, 400, "invalid_request_error", "content_filter", "messages");
        JsonNode inner = new ObjectMapper().valueToTree(r.error().body()).get("error").get("innererror");
        assertEquals("ResponsibleAIPolicyViolation", inner.get("code").asText());
        assertEquals("[\"S9\",\"jailbreak\"]", inner.get("categories").toString());
        assertTrue(inner.get("content_filter_result").get("jailbreak").get("detected").asBoolean());
        assertEquals(0.97, inner.get("content_filter_result").get("S9").get("score").asDouble(), 1e-9);
    }

    @Test
    void contentFilterOfAnAdversarialSuffixNamesTheRail() {
        ContentFilterDetails details = new ContentFilterDetails("prompt", Map.of(), Map.of(), 0.1, false, List.of(),
                new ContentFilterDetails.Suffix(true, 0.9, 15000.0, null, 20));
        ErrorResponse r = mapper.map(new ContentFilteredException(details));
        expect(r, 400, "invalid_request_error", "content_filter", "messages");
        JsonNode inner = new ObjectMapper().valueToTree(r.error().body()).get("error").get("innererror");
        assertEquals("[\"adversarial_suffix\"]", inner.get("categories").toString());
        JsonNode suffix = inner.get("content_filter_result").get("adversarial_suffix");
        assertEquals("suffix-perplexity", suffix.get("rail").asText());
        assertEquals(15000.0, suffix.get("tail_perplexity").asDouble());
        assertTrue(!suffix.has("head_perplexity"), "unknown head perplexity is left out");
        assertTrue(r.error().message().contains("adversarial_suffix"), r.error().message());
    }

    @Test
    void invalidRequestIs400WithItsParam() {
        expect(mapper.map(InvalidRequestException.invalidValue("top_p", "bad")), 400, "invalid_request_error",
                "invalid_value", "top_p");
    }

    @Test
    void authenticationIs401WithWwwAuthenticate() {
        ErrorResponse r = mapper.map(AuthenticationException.invalid());
        expect(r, 401, "invalid_request_error", "invalid_api_key", null);
        assertEquals("Bearer", r.headers().get("www-authenticate"));
    }

    @Test
    void permissionDeniedIs403() {
        expect(mapper.map(PermissionDeniedException.model("m")), 403, "permission_error", "model_not_allowed", "model");
    }

    @Test
    void notFoundIs404() {
        expect(mapper.map(NotFoundException.model("m")), 404, "invalid_request_error", "model_not_found", "model");
    }

    @Test
    void payloadTooLargeIs413() {
        expect(mapper.map(PayloadTooLargeException.body(10)), 413, "invalid_request_error", "request_too_large", null);
    }

    @Test
    void tokensBeyondTheKeysLimitAre413NotARetryable429() {
        expect(mapper.map(new RequestTooLargeException(2000, 1000)), 413, "invalid_request_error",
                "request_too_large", "max_tokens");
    }

    @Test
    void rateLimitedIs429WithRetryAfterAndRateHeaders() {
        RateDecision denied = new RateDecision(false, 10, 0, 1000, 900, Duration.ofSeconds(6), Duration.ofSeconds(6),
                Duration.ofMillis(5200));
        ErrorResponse r = mapper.map(new RateLimitedException(denied));
        expect(r, 429, "requests", "rate_limit_exceeded", null);
        assertEquals("6", r.headers().get("retry-after"));
        assertEquals("0", r.headers().get("x-ratelimit-remaining-requests"));
        RateDecision tokens = new RateDecision(false, 10, 5, 1000, 3, Duration.ZERO, Duration.ofSeconds(6),
                Duration.ofSeconds(1));
        assertEquals("tokens", mapper.map(new RateLimitedException(tokens)).error().type());
    }

    @Test
    void unavailableDependencyIs503WithRetryAfterRoundedUp() {
        ErrorResponse r = mapper.map(new UpstreamUnavailableException("judge", "down", null));
        expect(r, 503, "server_error", "judge_unavailable", null);
        assertEquals("2", r.headers().get("retry-after"));
    }

    @Test
    void upstreamRejectingTheInputIs400() {
        ErrorResponse r = mapper.map(new UpstreamException(Upstream.INFERENCE, "Generate",
                Status.INVALID_ARGUMENT.withDescription("prompt: longer than the context window"), null));
        expect(r, 400, "invalid_request_error", "upstream_rejected", null);
        assertTrue(r.error().message().contains("context window"));
    }

    @Test
    void unreachableUpstreamIs503() {
        ErrorResponse r = mapper.map(new UpstreamException(Upstream.INFERENCE, "Generate", Status.UNAVAILABLE, null));
        expect(r, 503, "server_error", "inference_unavailable", null);
        assertEquals("2", r.headers().get("retry-after"));
        assertEquals(503, mapper.map(new UpstreamException(Upstream.JUDGE, "Score", Status.DEADLINE_EXCEEDED, null))
                .status());
    }

    @Test
    void unavailableRedisIs503() {
        ErrorResponse r = mapper.map(new StateUnavailableException("authenticate",
                StateUnavailableException.Reason.TIMEOUT, null));
        expect(r, 503, "server_error", "redis_unavailable", null);
        assertFalse(r.error().message().contains("apikey"), "no key names in messages");
    }

    @Test
    void illegalArgumentIsABugAnd500() {
        ErrorResponse r = mapper.map(new IllegalArgumentException("index -1 out of range"));
        expect(r, 500, "server_error", "internal_error", null);
        assertFalse(r.error().message().contains("index"), "no internals in the message");
        assertFalse(mapper.known(new IllegalArgumentException("x")), "only the project's exceptions have rows");
    }

    @Test
    void anythingElseIs500WithoutInternals() {
        ErrorResponse r = mapper.map(new NullPointerException("secret internals"));
        expect(r, 500, "server_error", "internal_error", null);
        assertFalse(r.error().message().contains("secret"));
        assertNull(r.error().innererror());
    }

    @Test
    void compositeExceptionIsUnwrappedToTheFirstKnownCause() {
        Throwable composite = new CompositeException(new NullPointerException("x"),
                new UpstreamUnavailableException("judge", "down", null));
        assertEquals(503, mapper.map(composite).status());
        assertEquals(404, mapper.map(new CompositeException(NotFoundException.model("a"),
                AuthenticationException.invalid())).status(), "the first known cause wins");
    }

    @Test
    void completionExceptionIsUnwrapped() {
        assertEquals(403, mapper.map(new CompletionException(PermissionDeniedException.model("m"))).status());
    }
}
