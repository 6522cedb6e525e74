package dev.warden.gateway.text;

/**
 * An encoded run found in a text and what it decodes to.
 *
 * @param encoding how the run is encoded
 * @param span     the run, in code points of the scanned text
 * @param decoded  the decoded text (printable UTF-8), to be scanned again
 */
public record EncodedPayload(Encoding encoding, Span span, String decoded) {

    /** Checks that no component is null. */
    public EncodedPayload {
        if (encoding == null || span == null || decoded == null) {
            throw new IllegalArgumentException("encoding, span and decoded text are required");
        }
    }
}
