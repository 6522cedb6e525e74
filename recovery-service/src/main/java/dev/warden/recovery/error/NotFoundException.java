package dev.warden.recovery.error;

/** A path a request names does not exist, or a job id is unknown (404 / NOT_FOUND). */
public final class NotFoundException extends RecoveryException {

    private static final long serialVersionUID = 1L;

    /** What {@code field} names does not exist, for the reason {@code reason}. */
    public NotFoundException(String field, String reason) {
        super(field, reason, null);
    }

    /** No job has the id {@code jobId}. */
    public static NotFoundException job(String jobId) {
        return new NotFoundException("job_id", "no repair job '" + printable(jobId) + "'");
    }

    @Override
    public String code() {
        return "not_found";
    }

    /** The value cut to 80 characters with control characters escaped, safe to put in a message. */
    static String printable(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
