package dev.warden.guard.text;

/**
 * An encoded run found in a text and what it decodes to.
 *
 * @param encoding  how the run is encoded
 * @param span      the run, in code points of the scanned text
 * @param charStart the run's first char index in the scanned text, inclusive
 * @param charEnd   the run's last char index, exclusive
 * @param decoded   the decoded text (readable UTF-8), to be scanned again
 */
public record EncodedPayload(Encoding encoding, Range span, int charStart, int charEnd, String decoded) {

    /** Checks that no component is null and the char range is ordered. */
    public EncodedPayload {
        if (encoding == null || span == null || decoded == null) {
            throw new IllegalArgumentException("encoding, span and decoded text are required");
        }
        if (charStart < 0 || charEnd < charStart) {
            throw new IllegalArgumentException("bad char range [" + charStart + ", " + charEnd + ")");
        }
    }
}
