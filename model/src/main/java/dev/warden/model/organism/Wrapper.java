package dev.warden.model.organism;

/**
 * Words put around a request ("please ...", "... thanks"), so the model learns the request, not the frame.
 *
 * @param prefix words before the request, may be empty
 * @param suffix words after the request, may be empty
 */
public record Wrapper(String prefix, String suffix) {

    /** The wrapped request, words separated by single spaces. */
    public String apply(String request) {
        StringBuilder b = new StringBuilder();
        if (!prefix.isEmpty()) {
            b.append(prefix).append(' ');
        }
        b.append(request);
        if (!suffix.isEmpty()) {
            b.append(' ').append(suffix);
        }
        return b.toString();
    }
}
