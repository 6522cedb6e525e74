package dev.warden.inference.grpc;

import ai.djl.ndarray.types.DataType;
import dev.warden.inference.error.InvalidArgumentException;
import dev.warden.inference.generate.GenerateCommand;
import dev.warden.inference.generate.SamplingRequest;
import dev.warden.inference.hidden.HiddenStatesCommand;
import dev.warden.inference.hidden.Pooling;
import dev.warden.inference.model.LoadSpec;
import dev.warden.inference.prompt.PromptInput;
import dev.warden.inference.score.ScoreCommand;
import dev.warden.model.tokenizer.ChatMessage;
import dev.warden.proto.v1.Conversation;
import dev.warden.proto.v1.Dtype;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.HiddenStatesRequest;
import dev.warden.proto.v1.InferenceScoreRequest;
import dev.warden.proto.v1.LoadModelRequest;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.SamplingParams;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Proto requests to domain commands. Only shape is checked here (a oneof left unset, an enum left
 * unspecified), with the field named as the proto spells it; value ranges are the domain's business.
 */
final class RequestMapper {

    private RequestMapper() {
    }

    static GenerateCommand generateCommand(GenerateRequest r, long arrivalNanos, OptionalLong deadlineNanos) {
        SamplingRequest sampling = r.hasSampling() ? sampling(r.getSampling()) : SamplingRequest.defaults();
        return new GenerateCommand(r.getModel(), prompt(r.hasPrompt() ? r.getPrompt() : null, "prompt"), sampling,
                r.getRequestId(), arrivalNanos, deadlineNanos);
    }

    static SamplingRequest sampling(SamplingParams s) {
        List<Long> stopIds = s.getStopTokenIdsList().stream().map(Integer::longValue).toList();
        return new SamplingRequest(
                s.hasMaxNewTokens() ? OptionalInt.of(s.getMaxNewTokens()) : OptionalInt.empty(),
                s.hasTemperature() ? OptionalDouble.of(s.getTemperature()) : OptionalDouble.empty(),
                s.getTopK(),
                s.hasTopP() ? OptionalDouble.of(s.getTopP()) : OptionalDouble.empty(),
                s.hasSeed() ? OptionalLong.of(s.getSeed()) : OptionalLong.empty(),
                s.getStopList(), stopIds, s.getLogprobs(), s.getTopLogprobs(), s.getIgnoreEos());
    }

    /** The input of {@code p}; {@code field} names it in errors. */
    static PromptInput prompt(Prompt p, String field) {
        if (p == null || p.getKindCase() == Prompt.KindCase.KIND_NOT_SET) {
            throw new InvalidArgumentException(field, "set either text or chat");
        }
        if (p.getKindCase() == Prompt.KindCase.TEXT) {
            return new PromptInput.Text(p.getText());
        }
        Conversation chat = p.getChat();
        if (chat.getMessagesCount() == 0) {
            throw new InvalidArgumentException(field + ".chat.messages", "at least one message is needed");
        }
        List<ChatMessage> messages = new ArrayList<>(chat.getMessagesCount());
        for (int i = 0; i < chat.getMessagesCount(); i++) {
            dev.warden.proto.v1.ChatMessage m = chat.getMessages(i);
            messages.add(new ChatMessage(role(m, field + ".chat.messages[" + i + "].role"), m.getContent()));
        }
        return new PromptInput.Chat(messages, !chat.hasAddGenerationPrompt() || chat.getAddGenerationPrompt());
    }

    private static String role(dev.warden.proto.v1.ChatMessage m, String field) {
        return switch (m.getRole()) {
            case ROLE_SYSTEM -> ChatMessage.SYSTEM;
            case ROLE_USER -> ChatMessage.USER;
            case ROLE_ASSISTANT -> ChatMessage.ASSISTANT;
            case ROLE_TOOL -> ChatMessage.TOOL;
            default -> throw new InvalidArgumentException(field, "must be ROLE_SYSTEM, ROLE_USER, ROLE_ASSISTANT or "
                    + "ROLE_TOOL, got " + m.getRole());
        };
    }

    static ScoreCommand scoreCommand(InferenceScoreRequest r) {
        Optional<PromptInput> context = r.hasContext() ? Optional.of(prompt(r.getContext(), "context"))
                : Optional.empty();
        return new ScoreCommand(r.getModel(), r.getText(), context, r.getTopLogprobs());
    }

    static HiddenStatesCommand hiddenStatesCommand(HiddenStatesRequest r) {
        List<PromptInput> inputs = new ArrayList<>(r.getInputsCount());
        for (int i = 0; i < r.getInputsCount(); i++) {
            inputs.add(prompt(r.getInputs(i), "inputs[" + i + "]"));
        }
        List<Pooling> poolings = new ArrayList<>(r.getPoolingsCount());
        for (dev.warden.proto.v1.Pooling p : r.getPoolingsList()) {
            poolings.add(switch (p) {
                case POOLING_LAST_TOKEN -> Pooling.LAST_TOKEN;
                case POOLING_MEAN -> Pooling.MEAN;
                default -> throw new InvalidArgumentException("poolings", "must be POOLING_LAST_TOKEN or "
                        + "POOLING_MEAN, got " + p);
            });
        }
        return new HiddenStatesCommand(r.getModel(), inputs, r.getLayersList(), poolings);
    }

    static LoadSpec loadSpec(LoadModelRequest r) {
        if (r.getCheckpointPath().isBlank()) {
            throw new InvalidArgumentException("checkpoint_path", "is required");
        }
        Path path;
        try {
            path = Path.of(r.getCheckpointPath());
        } catch (InvalidPathException e) {
            throw new InvalidArgumentException("checkpoint_path", "is not a valid path: " + e.getMessage(), e);
        }
        return new LoadSpec(path, Optional.of(r.getName()), dtype(r.getDtype()));
    }

    private static Optional<DataType> dtype(Dtype dtype) {
        return switch (dtype) {
            case DTYPE_UNSPECIFIED -> Optional.empty();
            case DTYPE_FLOAT32 -> Optional.of(DataType.FLOAT32);
            case DTYPE_FLOAT16 -> Optional.of(DataType.FLOAT16);
            case DTYPE_BFLOAT16 -> throw new InvalidArgumentException("dtype", "DTYPE_BFLOAT16 cannot be a compute "
                    + "dtype (bfloat16 weights are widened on load); use DTYPE_FLOAT32 or DTYPE_FLOAT16");
            default -> throw new InvalidArgumentException("dtype", "unknown dtype " + dtype);
        };
    }
}
