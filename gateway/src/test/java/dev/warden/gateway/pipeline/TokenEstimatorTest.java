package dev.warden.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TokenEstimator estimator = new TokenEstimator(100);

    @Test
    void chatTokensArePromptEstimatePlusCompletionBudget() throws Exception {
        // 3 per request + (4 + ceil(9 / 4) = 3) for the message + 50 completion
        assertEquals(3 + 4 + 3 + 50, estimator.chatTokens(JSON.readTree(
                "{\"messages\": [{\"role\": \"user\", \"content\": \"123456789\"}], \"max_tokens\": 50}")));
        assertEquals(3 + 4 + 3 + 20, estimator.chatTokens(JSON.readTree(
                "{\"messages\": [{\"content\": [{\"type\": \"text\", \"text\": \"123456789\"}]}],"
                        + " \"max_tokens\": 50, \"max_completion_tokens\": 20}")));
    }

    @Test
    void malformedBodiesCountTheDefaultBudgetOnly() throws Exception {
        assertEquals(3 + 100, estimator.chatTokens(JSON.readTree("{\"messages\": 7, \"max_tokens\": -1}")));
        assertEquals(3 + 100, estimator.chatTokens(JSON.readTree("[]")));
    }

    @Test
    void validatedMessagesAgreeWithTheBodyEstimate() throws Exception {
        long fromBody = estimator.chatTokens(JSON.readTree(
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hello there\"}], \"max_tokens\": 1}"));
        assertEquals(fromBody - 1, estimator.promptTokens(List.of(Message.user("hello there"))));
    }

    @Test
    void moderationInputIsCounted() throws Exception {
        assertEquals(2 + 1, estimator.moderationTokens(JSON.readTree("{\"input\": [\"12345\", \"1\"]}")));
        assertEquals(1, estimator.moderationTokens(JSON.readTree("{\"input\": \"abc\"}")));
    }
}
