package dev.warden.guard.text;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The texts hidden in a text, for a second reading by a scorer that only sees plain words: the decoded payloads
 * ({@link EncodedPayloads#find}: base64, hex, percent, binary) and, when the text reads as rot13
 * ({@link EncodedPayloads#looksRot13}), the whole text rotated back. Payloads nested in payloads (base64 of hex,
 * rot13 in base64) are followed down to {@value #MAX_DEPTH} levels, breadth first, so the outer payloads come
 * first. Only texts the caller {@code keeps} are returned, at most {@code limit} of them: a decoded run that is
 * not kept (a single word, say) is still opened for nested payloads. The work is linear in the length of the
 * text (decoded payloads are shorter than their encodings). Thread-safe and stateless.
 */
public final class DecodedTexts {

    /** How many levels of payloads are opened: payloads of the text are level 1. */
    public static final int MAX_DEPTH = 3;

    private DecodedTexts() {
    }

    /**
     * The decoded texts of {@code text} that {@code keep} accepts, outer levels first, at most {@code limit}.
     *
     * @throws NullPointerException when {@code text} or {@code keep} is null
     */
    public static List<String> of(String text, int limit, Predicate<String> keep) {
        List<String> out = new ArrayList<>(0);
        List<String> level = List.of(text);
        for (int depth = 1; depth <= MAX_DEPTH && !level.isEmpty() && out.size() < limit; depth++) {
            List<String> next = new ArrayList<>(0);
            for (String outer : level) {
                for (String decoded : decode(outer)) {
                    if (out.size() >= limit) {
                        return out;
                    }
                    if (keep.test(decoded)) {
                        out.add(decoded);
                    }
                    next.add(decoded);
                }
            }
            level = next;
        }
        return out;
    }

    /**
     * The decoded payloads of {@code text}, then its rot13 rotation when it reads as rot13; both decisions come from
     * one pass ({@link PayloadScreen}), and most texts need nothing more.
     */
    private static List<String> decode(String text) {
        int screen = PayloadScreen.of(text);
        if (screen == 0) {
            return List.of();
        }
        List<String> decoded = new ArrayList<>(0);
        if ((screen & PayloadScreen.PAYLOAD) != 0) {
            for (EncodedPayload payload : EncodedPayloads.find(text)) {
                decoded.add(payload.decoded());
            }
        }
        if ((screen & PayloadScreen.ROT13) != 0) {
            decoded.add(EncodedPayloads.rot13(text));
        }
        return decoded;
    }
}
