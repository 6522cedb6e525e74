package dev.warden.gateway.pipeline;

import dev.warden.proto.v1.ChatMessage;
import dev.warden.proto.v1.Conversation;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.Role;
import dev.warden.proto.v1.Tier;
import java.util.List;
import java.util.Locale;

/** Conversions between the gateway's messages and the gRPC contracts. */
public final class Prompts {

    private Prompts() {
    }

    /** The messages as a chat prompt (rendered by inference-service through the model's chat template). */
    public static Prompt chat(List<Message> messages) {
        Conversation.Builder conversation = Conversation.newBuilder();
        for (Message m : messages) {
            conversation.addMessages(ChatMessage.newBuilder().setRole(role(m.role())).setContent(m.content()));
        }
        return Prompt.newBuilder().setChat(conversation).build();
    }

    /** A raw text prompt (one user turn for the judge). */
    public static Prompt text(String text) {
        return Prompt.newBuilder().setText(text).build();
    }

    /** The proto role of {@code role} ({@code system}, {@code user}, {@code assistant}, {@code tool}). */
    static Role role(String role) {
        return switch (role) {
            case "system" -> Role.ROLE_SYSTEM;
            case "user" -> Role.ROLE_USER;
            case "assistant" -> Role.ROLE_ASSISTANT;
            case "tool" -> Role.ROLE_TOOL;
            default -> throw new IllegalArgumentException("unknown role '" + role + "'");
        };
    }

    /**
     * A judge tier from its configured name: {@code rules}, {@code classifier}, {@code llm-judge}, or
     * {@code chain} (the judge's configured chain, {@link Tier#TIER_UNSPECIFIED}).
     *
     * @param setting the setting's name, for the message
     * @throws IllegalArgumentException for any other name
     */
    public static Tier tier(String setting, String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "chain" -> Tier.TIER_UNSPECIFIED;
            case "rules" -> Tier.TIER_RULES;
            case "classifier" -> Tier.TIER_CLASSIFIER;
            case "llm-judge" -> Tier.TIER_LLM_JUDGE;
            default -> throw new IllegalArgumentException(setting + " must be chain, rules, classifier or llm-judge,"
                    + " got '" + name + "'");
        };
    }
}
