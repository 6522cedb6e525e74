package dev.warden.gateway.defense;

import dev.warden.gateway.rails.ChatTurn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The defense prompt injected before generation (PCDefense): one safety standard whatever demographic group
 * a request names, so that a harmful request is refused, and a harmless one served, alike for every group.
 * Its text lives in a resource file ({@value #DEFAULT_RESOURCE}). Immutable, thread-safe.
 */
public final class DefensePrompt {

    /** The classpath resource of the default text. */
    public static final String DEFAULT_RESOURCE = "defense/defense-prompt.txt";

    private final String text;

    private DefensePrompt(String text) {
        this.text = text;
    }

    /** The default defense prompt. */
    public static DefensePrompt fromResource() {
        return fromResource(DEFAULT_RESOURCE);
    }

    /**
     * The defense prompt read from a classpath resource (UTF-8, trimmed).
     *
     * @throws IllegalArgumentException when the resource is missing or blank
     */
    public static DefensePrompt fromResource(String resource) {
        try (InputStream in = DefensePrompt.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing defense prompt resource " + resource);
            }
            return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read defense prompt resource " + resource, e);
        }
    }

    /**
     * A defense prompt with the given text (trimmed).
     *
     * @throws IllegalArgumentException when {@code text} is null or blank
     */
    public static DefensePrompt of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("defense prompt text must not be blank");
        }
        return new DefensePrompt(text.strip());
    }

    /** The prompt text. */
    public String text() {
        return text;
    }

    /**
     * The messages with the defense prompt in front: merged before the first system message, or as a new
     * system message when there is none. A request that already carries it (any system message holding the
     * text) comes back unchanged, so applying it twice is the same as once.
     *
     * @throws IllegalArgumentException when {@code messages} is null or holds a null message
     */
    public List<ChatTurn> apply(List<ChatTurn> messages) {
        SystemPreamble.check(messages);
        for (ChatTurn turn : messages) {
            if (turn.isSystem() && turn.content().contains(text)) {
                return List.copyOf(messages);
            }
        }
        return SystemPreamble.prepend(messages, text);
    }
}
