package dev.warden.inference.metrics;

import dev.warden.inference.error.DeadlineExceededException;
import dev.warden.inference.error.InvalidArgumentException;
import dev.warden.service.work.QueueFullException;
import dev.warden.model.generate.FinishReason;
import dev.warden.model.generate.InvalidPromptException;
import dev.warden.model.generate.InvalidSamplingException;
import java.util.concurrent.CompletionException;

/** How a generation request ended: the {@code outcome} tag of the requests counter (a fixed set). */
public enum RequestOutcome {
    /** Finished at a stop token or stop string. */
    STOP,
    /** Finished at max new tokens or the end of the context. */
    LENGTH,
    /** Cancelled by the client, or ended early by the server. */
    CANCELLED,
    /** Rejected because a queue was full. */
    REJECTED,
    /** Rejected as invalid (INVALID_ARGUMENT). */
    INVALID,
    /** Stopped because its deadline passed. */
    DEADLINE,
    /** Failed for another reason. */
    ERROR;

    /** The tag value: the name in lower case. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The outcome of a generation that ended with {@code reason}. */
    public static RequestOutcome of(FinishReason reason) {
        return switch (reason) {
            case STOP -> STOP;
            case LENGTH -> LENGTH;
            case CANCELLED -> CANCELLED;
        };
    }

    /** The outcome of a generation that failed with {@code failure}. */
    public static RequestOutcome of(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof QueueFullException) {
            return REJECTED;
        }
        if (t instanceof InvalidArgumentException || t instanceof InvalidSamplingException
                || t instanceof InvalidPromptException) {
            return INVALID;
        }
        if (t instanceof DeadlineExceededException) {
            return DEADLINE;
        }
        if (t instanceof java.util.concurrent.CancellationException) {
            return CANCELLED;
        }
        return ERROR;
    }
}
