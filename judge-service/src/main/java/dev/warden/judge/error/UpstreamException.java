package dev.warden.judge.error;

import io.grpc.Status;

/**
 * inference-service failed a call the judge needed (an audit, the geometry diagnostic, the LLM judge). The
 * client gets the upstream status code where it means the same thing to it (NOT_FOUND for an unknown model,
 * INVALID_ARGUMENT, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED), and UNAVAILABLE for everything else, with the
 * upstream description after "inference-service: ".
 */
public final class UpstreamException extends JudgeException {

    private static final long serialVersionUID = 1L;

    private final Status.Code code;

    /** {@code what} (e.g. "HiddenStates") failed upstream with {@code status}. */
    public UpstreamException(String what, Status status, Throwable cause) {
        super("inference-service: " + what + " failed: " + status.getCode()
                + (status.getDescription() == null ? "" : ": " + status.getDescription()), cause);
        this.code = switch (status.getCode()) {
            case NOT_FOUND, INVALID_ARGUMENT, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, FAILED_PRECONDITION -> status.getCode();
            default -> Status.Code.UNAVAILABLE;
        };
    }

    /** The status code the judge's client gets. */
    public Status.Code code() {
        return code;
    }
}
