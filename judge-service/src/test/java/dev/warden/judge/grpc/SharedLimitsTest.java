package dev.warden.judge.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.warden.judge.config.JudgeConfig;
import dev.warden.judge.error.InvalidArgumentException;
import dev.warden.judge.score.JudgeRequest;
import dev.warden.proto.v1.ChatMessage;
import dev.warden.proto.v1.Conversation;
import dev.warden.proto.v1.JudgeScoreRequest;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.RequestLimit;
import dev.warden.proto.v1.Role;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the judge's default limits are the suite's shared ones ({@code warden.v1.RequestLimit}), so the
 * largest prompt the gateway lets through (as many messages as it allows, each as long as it allows) is judged,
 * never refused as INVALID_ARGUMENT (which the gateway would report as {@code upstream_rejected}).
 */
class SharedLimitsTest {

    private static final int MESSAGES = RequestLimit.REQUEST_LIMIT_MAX_MESSAGES_VALUE;
    private static final int CODE_POINTS = RequestLimit.REQUEST_LIMIT_MAX_TEXT_CODE_POINTS_VALUE;

    private final RequestMapper mapper = new RequestMapper(new SmallRyeConfigBuilder().withMapping(JudgeConfig.class)
            .withConverter(Duration.class, 100, new DurationConverter()).build()
            .getConfigMapping(JudgeConfig.class).limits());

    private static JudgeScoreRequest prompt(int messages, int codePointsOfLast) {
        Conversation.Builder chat = Conversation.newBuilder();
        for (int i = 0; i < messages - 1; i++) {
            chat.addMessages(ChatMessage.newBuilder().setRole(i % 2 == 0 ? Role.ROLE_USER : Role.ROLE_ASSISTANT)
                    .setContent("message " + i));
        }
        // half astral characters (two chars, one code point each): the limit counts code points, as the gateway does
        int astral = codePointsOfLast / 2;
        String last = "\uD83D\uDE00".repeat(astral) + "x".repeat(codePointsOfLast - astral);
        chat.addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER).setContent(last));
        return JudgeScoreRequest.newBuilder().setPrompt(Prompt.newBuilder().setChat(chat)).build();
    }

    @Test
    void theGatewaysLargestPromptIsJudged() {
        JudgeRequest request = mapper.score(prompt(MESSAGES, CODE_POINTS), "");
        assertEquals(MESSAGES, request.prompt().size());
        String last = request.prompt().get(MESSAGES - 1).content();
        assertEquals(CODE_POINTS, last.codePointCount(0, last.length()));
    }

    @Test
    void oneMoreMessageOrCodePointIsRefused() {
        assertThrows(InvalidArgumentException.class, () -> mapper.score(prompt(MESSAGES + 1, 10), ""));
        assertThrows(InvalidArgumentException.class, () -> mapper.score(prompt(2, CODE_POINTS + 1), ""));
    }
}
