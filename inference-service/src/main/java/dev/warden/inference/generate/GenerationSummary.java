package dev.warden.inference.generate;

import dev.warden.model.generate.FinishReason;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The end of a generation.
 *
 * @param finishReason       why it ended
 * @param promptTokens       tokens of the rendered prompt
 * @param completionTokens   tokens generated, a stop token that ended it included
 * @param matchedStop        the stop string that ended it, or empty
 * @param matchedStopTokenId the stop token id that ended it, if one did
 * @param requestId          the caller's id, echoed
 * @param model              the model that generated
 * @param queueTime          arrival to the first decode step including the request
 * @param timeToFirstToken   arrival to the first token (zero when none was generated)
 * @param totalTime          arrival to the end
 */
public record GenerationSummary(FinishReason finishReason, int promptTokens, int completionTokens,
        String matchedStop, OptionalLong matchedStopTokenId, String requestId, String model, Duration queueTime,
        Duration timeToFirstToken, Duration totalTime) {
}
