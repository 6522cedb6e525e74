package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.warden.proto.v1.TokenLogProb;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI's {@code choices[].logprobs} of a chat completion (or of one chunk of a streamed one), asked for with
 * {@code logprobs: true}: one entry per generated token, with {@code top_logprobs} alternatives each.
 *
 * @param content one entry per token, in order
 * @param refusal always null (the gateway never answers with a refusal field)
 */
public record ChoiceLogprobs(List<TokenEntry> content, List<TokenEntry> refusal) {

    /** Copies the entries. */
    public ChoiceLogprobs {
        content = List.copyOf(content);
    }

    /** The entries of inference-service's per-token log-probabilities. */
    public static ChoiceLogprobs of(List<TokenLogProb> tokens) {
        List<TokenEntry> entries = new ArrayList<>(tokens.size());
        for (TokenLogProb t : tokens) {
            List<Alternative> top = new ArrayList<>(t.getTopLogprobsCount());
            t.getTopLogprobsList().forEach(a -> top.add(new Alternative(a.getToken(), a.getLogprob(), bytes(a.getToken()))));
            entries.add(new TokenEntry(t.getToken(), t.getLogprob(), bytes(t.getToken()), top));
        }
        return new ChoiceLogprobs(entries, null);
    }

    /**
     * The token's UTF-8 bytes. inference-service sends each token decoded on its own, so a token holding part of a
     * multi-byte character arrives as U+FFFD and its bytes are those of U+FFFD, not the raw byte.
     */
    private static List<Integer> bytes(String token) {
        byte[] raw = token.getBytes(StandardCharsets.UTF_8);
        List<Integer> out = new ArrayList<>(raw.length);
        for (byte b : raw) {
            out.add(b & 0xff);
        }
        return out;
    }

    /**
     * One generated token.
     *
     * @param token the token's text
     * @param logprob natural-log probability under the model's raw distribution (before temperature, top-p)
     * @param bytes the UTF-8 bytes of {@code token}
     * @param topLogprobs the most likely tokens at this position, most likely first
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TokenEntry(String token, double logprob, List<Integer> bytes, List<Alternative> topLogprobs) {
    }

    /**
     * A likely token at a position.
     *
     * @param token the token's text
     * @param logprob natural-log probability
     * @param bytes the UTF-8 bytes of {@code token}
     */
    public record Alternative(String token, double logprob, List<Integer> bytes) {
    }
}
