package dev.warden.recovery.job;

import dev.warden.recovery.error.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code page_token} of ListRepairs: the last job id of the previous page (lists are newest
 * first, and ids sort by creation time), base64url-encoded with a version tag.
 */
public final class PageToken {

    private static final String TAG = "v1:";

    private PageToken() {
    }

    /** The token of a page that ended with {@code lastId}. */
    public static String after(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((TAG + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The job id a token continues after; null for the empty token (first page).
     *
     * @throws InvalidArgumentException for a token this service did not issue
     */
    public static String decode(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!text.startsWith(TAG) || !JobIds.isValid(text.substring(TAG.length()))) {
            throw invalid();
        }
        return text.substring(TAG.length());
    }

    private static InvalidArgumentException invalid() {
        return new InvalidArgumentException("page_token", "not a page token of this service (pass the"
                + " next_page_token of the previous page, or nothing for the first page)");
    }
}
