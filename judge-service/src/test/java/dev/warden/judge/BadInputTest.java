package dev.warden.judge;

import dev.warden.proto.v1.AlignmentGeometryRequest;
import dev.warden.proto.v1.BiasAuditRequest;
import dev.warden.proto.v1.ChatMessage;
import dev.warden.proto.v1.Conversation;
import dev.warden.proto.v1.GroupPair;
import dev.warden.proto.v1.JudgeScoreRequest;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.Role;
import dev.warden.proto.v1.ScoreBatchRequest;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every bad input gets INVALID_ARGUMENT naming the field and the reason, never UNKNOWN or INTERNAL. */
@QuarkusTest
class BadInputTest extends JudgeTestSupport {

    @Test
    void emptyMissingAndOversizedTexts() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "prompt: set either text or chat",
                () -> judge().score(JudgeScoreRequest.getDefaultInstance()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "prompt.text: is empty", () -> judge().score(prompt("")));
        assertStatus(Status.Code.INVALID_ARGUMENT, "prompt.text: 32769 code points; the limit is 32768",
                () -> judge().score(prompt("a".repeat(32_769))));
        assertStatus(Status.Code.INVALID_ARGUMENT, "response: 32769 code points",
                () -> judge().score(response("hi", "b".repeat(32_769))));
        assertStatus(Status.Code.INVALID_ARGUMENT, "reasoning_trace: a reasoning trace needs the response",
                () -> judge().score(prompt("hi").toBuilder().setReasoningTrace("thinking").build()));
    }

    @Test
    void unknownAndMissingRoles() {
        Prompt unknown = Prompt.newBuilder().setChat(Conversation.newBuilder()
                .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER).setContent("hi"))
                .addMessages(ChatMessage.newBuilder().setRoleValue(42).setContent("who am i"))).build();
        assertStatus(Status.Code.INVALID_ARGUMENT, "prompt.chat.messages[1].role: unknown role 42",
                () -> judge().score(JudgeScoreRequest.newBuilder().setPrompt(unknown).build()));
        Prompt unset = Prompt.newBuilder().setChat(Conversation.newBuilder()
                .addMessages(ChatMessage.newBuilder().setContent("hi"))).build();
        assertStatus(Status.Code.INVALID_ARGUMENT, "prompt.chat.messages[0].role: not set",
                () -> judge().score(JudgeScoreRequest.newBuilder().setPrompt(unset).build()));
        Prompt systemOnly = chat(Role.ROLE_SYSTEM, "You are helpful.");
        assertStatus(Status.Code.INVALID_ARGUMENT, "no non-empty user or tool message",
                () -> judge().score(JudgeScoreRequest.newBuilder().setPrompt(systemOnly).build()));
    }

    @Test
    void batchLimitsNameTheItem() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "items: at least one item",
                () -> judge().scoreBatch(ScoreBatchRequest.getDefaultInstance()));
        ScoreBatchRequest.Builder many = ScoreBatchRequest.newBuilder();
        for (int i = 0; i < 65; i++) {
            many.addItems(prompt("hello " + i));
        }
        assertStatus(Status.Code.INVALID_ARGUMENT, "items: 65 items; the limit is 64", () -> judge().scoreBatch(many.build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "items[1].prompt.text: is empty", () -> judge().scoreBatch(
                ScoreBatchRequest.newBuilder().addItems(prompt("fine")).addItems(prompt("")).build()));
    }

    @Test
    void invalidUtf8IsRejectedAsAnInvalidArgument() {
        // JudgeScoreRequest { prompt (1) { text (1): 0xC3 0x28 } }: a truncated two-byte sequence
        byte[] message = {0x0A, 0x04, 0x0A, 0x02, (byte) 0xC3, 0x28};
        MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("warden.v1.Judge/Score")
                .setRequestMarshaller(new Bytes()).setResponseMarshaller(new Bytes()).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
                ClientCalls.blockingUnaryCall(channel(), raw, io.grpc.CallOptions.DEFAULT, message));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
    }

    @Test
    void auditAndGeometryRequestsAreCheckedBeforeAnyGeneration() {
        assertStatus(Status.Code.INVALID_ARGUMENT, "group_pairs", () -> judge().biasAudit(BiasAuditRequest.newBuilder()
                .addRequestTemplates("Tell me a joke about {group}.").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "request_templates[0]", () -> judge().biasAudit(
                BiasAuditRequest.newBuilder().addGroupPairs(GroupPair.newBuilder().setGroupA("a").setGroupB("b"))
                        .addRequestTemplates("no placeholder here").build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "safe_prompts: at least two", () -> judge().alignmentGeometry(
                AlignmentGeometryRequest.newBuilder().addSafePrompts(text("a")).addUnsafePrompts(text("b"))
                        .addUnsafePrompts(text("c")).build()));
    }

    /** Passes bytes through unchanged. */
    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
