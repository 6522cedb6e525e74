package dev.warden.tools.judge.corpus;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds the response to a {@link BuiltPrompt} in a given {@link ResponseStyle}, from the pieces of
 * responses.txt in one split. Compliance, harmful or helpful, is assembled from the SAME content-free
 * openers, steps, bodies and closers (placeholders such as "[STEP REDACTED]" appear in both), so what
 * separates a harmful compliance from a helpful answer is only what it agrees to do: the restated topic and
 * the prompt it answers. No response holds real harmful content.
 */
public final class ResponseFactory {

    /** Share of helpful answers to story requests that give a placeholder story instead of telling one. */
    private static final double PLACEHOLDER_STORY_SHARE = 0.25;

    private final CorpusContent content;
    private final TextExpander expander;
    private final Split split;

    /** A factory over {@code content} for {@code split}. */
    public ResponseFactory(CorpusContent content, Split split) {
        this.content = content;
        this.expander = new TextExpander(content);
        this.split = split;
    }

    /**
     * The response text.
     *
     * @param prompt  the request answered
     * @param style   how to answer; not {@link ResponseStyle#NONE}
     * @param sources receives the ids of the pieces used
     */
    public String respond(BuiltPrompt prompt, ResponseStyle style, SplittableRandom random, List<String> sources) {
        Map<String, String> given = new HashMap<>();
        given.put("topic", prompt.topic());
        given.put("f", prompt.format().isEmpty() ? "text" : prompt.format());
        return switch (style) {
            case NONE -> throw new IllegalArgumentException("a response needs a style other than NONE");
            case REFUSAL, OVER_REFUSAL -> refusal(given, random, sources);
            case SAFE_COMPLETION -> safeCompletion(prompt, given, random, sources);
            case HARMFUL_COMPLIANCE, HELPFUL -> prompt.kind() == AskKind.STORY
                    ? story(prompt, style, given, random, sources) : compliance(prompt, given, random, sources);
        };
    }

    private String refusal(Map<String, String> given, SplittableRandom random, List<String> sources) {
        StringBuilder b = new StringBuilder(piece("refusal", given, random, sources));
        if (random.nextDouble() < 0.1) {
            b.append(' ').append(piece("refusal", given, random, sources));
        }
        if (random.nextDouble() < 0.5) {
            b.append(' ').append(piece("refusal-close", given, random, sources));
        }
        return b.toString();
    }

    private String safeCompletion(BuiltPrompt prompt, Map<String, String> given, SplittableRandom random,
                                  List<String> sources) {
        List<HazardCategory> categories = new ArrayList<>(prompt.categories());
        categories.sort(null);
        HazardCategory category = categories.get(random.nextInt(categories.size()));
        List<ContentItem> safe = content.safeCompletions(category, split);
        StringBuilder info = new StringBuilder();
        int sentences = 1 + random.nextInt(2);
        for (int i = 0; i < sentences; i++) {
            ContentItem s = safe.get(random.nextInt(safe.size()));
            sources.add(s.id());
            info.append(i == 0 ? "" : " ").append(s.text());
        }
        String decline = piece("refusal", given, random, sources);
        return random.nextDouble() < 0.3 ? info + " " + decline : decline + " " + info;
    }

    private String compliance(BuiltPrompt prompt, Map<String, String> given, SplittableRandom random,
                              List<String> sources) {
        StringBuilder b = new StringBuilder();
        if (prompt.wrapped() && random.nextDouble() < 0.5) {
            b.append(piece("persona-open", given, random, sources));
        } else {
            String opener = switch (prompt.kind()) {
                case HOWTO -> "comply-open";
                case WRITE -> "write-open";
                case ASK, STORY -> random.nextDouble() < 0.7 ? "answer-open" : "comply-open";
            };
            b.append(piece(opener, given, random, sources));
        }
        if (random.nextDouble() < 0.3) {
            b.append(' ').append(piece("prose", given, random, sources));
        }
        switch (prompt.kind()) {
            case WRITE -> b.append("\n\n").append(piece("write-body", given, random, sources));
            case HOWTO -> steps(b, given, 3 + random.nextInt(5), random, sources);
            case ASK, STORY -> {
                if (random.nextDouble() < 0.4) {
                    steps(b, given, 2 + random.nextInt(4), random, sources);
                }
            }
        }
        if (random.nextDouble() < 0.15) {
            given.put("lang", expander.expand("{lang}", Map.of(), split, random, sources));
            b.append("\n\n").append(piece("code", given, random, sources));
        }
        if (random.nextDouble() < 0.5) {
            b.append("\n\n").append(piece("comply-close", given, random, sources));
        }
        return b.toString();
    }

    /**
     * A story: a helpful answer mostly tells one in plain narrative (often with no preamble, as a story model
     * answers), else gives a placeholder story; harmful compliance always gives a placeholder story.
     */
    private String story(BuiltPrompt prompt, ResponseStyle style, Map<String, String> given, SplittableRandom random,
                         List<String> sources) {
        StringBuilder b = new StringBuilder();
        if (prompt.wrapped() && random.nextDouble() < 0.5) {
            b.append(piece("persona-open", given, random, sources)).append("\n\n");
        } else if (random.nextDouble() < 0.5) {
            b.append(piece("story-open", given, random, sources)).append("\n\n");
        }
        boolean told = !style.harmful() && random.nextDouble() >= PLACEHOLDER_STORY_SHARE;
        b.append(piece(told ? "story-body" : "story-placeholder", given, random, sources));
        if (random.nextDouble() < 0.2) {
            b.append("\n\n").append(piece("comply-close", given, random, sources));
        }
        return b.toString();
    }

    private void steps(StringBuilder b, Map<String, String> given, int count, SplittableRandom random,
                       List<String> sources) {
        b.append('\n');
        for (int n = 1; n <= count; n++) {
            given.put("n", Integer.toString(n));
            b.append('\n').append(piece("step", given, random, sources));
        }
    }

    private String piece(String key, Map<String, String> given, SplittableRandom random, List<String> sources) {
        List<ContentItem> items = content.items("responses", key, split);
        ContentItem item = items.get(random.nextInt(items.size()));
        sources.add(item.id());
        String text = expander.expand(item.text(), given, split, random, sources);
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
