package dev.warden.tools.judge.corpus;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds requests of one split: picks an ask of the wanted group and category, puts it into a phrasing
 * template, sometimes into a jailbreak or role-play wrapper, sometimes joins it to a second ask, and adds
 * surface noise. Harmful, lookalike and benign asks share the same templates and wrappers, so that neither
 * carries a label on its own.
 */
public final class PromptFactory {

    /** Chance of a wrapper, by group: jailbreak frames are commoner around harmful asks, but not only there. */
    private static final Map<PromptGroup, Double> WRAP = Map.of(
            PromptGroup.HARMFUL, 0.30, PromptGroup.LOOKALIKE, 0.15, PromptGroup.BENIGN, 0.12);
    /** Chance that a harmful request follows an innocent one in the same message. */
    private static final double BENIGN_LEAD = 0.05;
    /** Chance that a harmful request is joined by a harmful request of another category. */
    private static final double SECOND_HARM = 0.04;
    /** Relative weights of the ask kinds when a category has all three. */
    private static final Map<AskKind, Double> KIND_WEIGHT = Map.of(
            AskKind.HOWTO, 0.5, AskKind.WRITE, 0.2, AskKind.ASK, 0.3, AskKind.STORY, 0.1);

    private final CorpusContent content;
    private final TextExpander expander;
    private final Split split;

    /** A factory over {@code content} for {@code split}. */
    public PromptFactory(CorpusContent content, Split split) {
        this.content = content;
        this.expander = new TextExpander(content);
        this.split = split;
    }

    /** A harmful request whose (first) ask violates {@code category}. */
    public BuiltPrompt harmful(HazardCategory category, SplittableRandom random) {
        List<String> sources = new ArrayList<>();
        Ask ask = pickAsk("harmful", category, random, sources);
        Set<HazardCategory> labels = EnumSet.copyOf(ask.item.categories());
        String text = phrase(ask, random, sources);
        double r = random.nextDouble();
        if (r < BENIGN_LEAD) {
            Ask lead = pickAsk("benign", null, random, sources);
            text = phrase(lead, random, sources) + " " + pick(JOINERS, random) + " " + lowerFirst(text);
        } else if (r < BENIGN_LEAD + SECOND_HARM) {
            HazardCategory other = HazardCategory.all().get(random.nextInt(HazardCategory.all().size()));
            Ask second = pickAsk("harmful", other, random, sources);
            labels.addAll(second.item.categories());
            text = text + " " + pick(JOINERS, random) + " " + lowerFirst(phrase(second, random, sources));
        }
        return finish(text, ask, PromptGroup.HARMFUL, labels, Set.of(), random, sources);
    }

    /** A benign request that resembles {@code category}. */
    public BuiltPrompt lookalike(HazardCategory category, SplittableRandom random) {
        List<String> sources = new ArrayList<>();
        Ask ask = pickAsk("lookalike", category, random, sources);
        return finish(phrase(ask, random, sources), ask, PromptGroup.LOOKALIKE, Set.of(), ask.item.categories(),
                random, sources);
    }

    /** An ordinary benign request. */
    public BuiltPrompt benign(SplittableRandom random) {
        List<String> sources = new ArrayList<>();
        Ask ask = pickAsk("benign", null, random, sources);
        return finish(phrase(ask, random, sources), ask, PromptGroup.BENIGN, Set.of(), Set.of(), random, sources);
    }

    private static final List<String> JOINERS = List.of("Also,", "And", "Then", "Oh and", "Plus,", "Next:",
            "Second question:", "After that,");

    /** An ask: its content item, kind, and the filled values of its slots. */
    private record Ask(ContentItem item, AskKind kind, String filled, String format) {
    }

    private Ask pickAsk(String file, HazardCategory category, SplittableRandom random, List<String> sources) {
        Map<AskKind, List<ContentItem>> pools = new HashMap<>();
        double total = 0;
        for (AskKind kind : AskKind.values()) {
            List<ContentItem> pool = new ArrayList<>();
            for (ContentSection s : content.sectionsOfKind(file, kind.section())) {
                if (category == null || s.categories().contains(category)) {
                    pool.addAll(s.items(split));
                }
            }
            if (!pool.isEmpty()) {
                pools.put(kind, pool);
                total += KIND_WEIGHT.get(kind);
            }
        }
        if (pools.isEmpty()) {
            throw new IllegalStateException("no " + file + " asks" + (category == null ? "" : " for " + category.code())
                    + " in the " + split + " split");
        }
        double r = random.nextDouble() * total;
        AskKind chosen = null;
        for (AskKind kind : AskKind.values()) {
            if (pools.containsKey(kind)) {
                chosen = kind;
                r -= KIND_WEIGHT.get(kind);
                if (r < 0) {
                    break;
                }
            }
        }
        List<ContentItem> pool = pools.get(chosen);
        ContentItem item = pool.get(random.nextInt(pool.size()));
        sources.add(item.id());
        String format = "";
        Map<String, String> given = new HashMap<>();
        if (chosen == AskKind.WRITE) {
            format = expander.expand("{f}", Map.of(), split, random, sources);
        }
        String filled = expander.expand(item.text(), given, split, random, sources);
        return new Ask(item, chosen, filled, format);
    }

    /** The ask put into a phrasing template of its kind (ASK and STORY items are already whole requests). */
    private String phrase(Ask ask, SplittableRandom random, List<String> sources) {
        return switch (ask.kind) {
            case ASK, STORY -> ask.filled;
            case HOWTO -> template("howto", Map.of("v", ask.filled, "ger", EnglishForms.gerund(ask.filled)),
                    random, sources);
            case WRITE -> template("write", Map.of("f", ask.format, "c", ask.filled), random, sources);
        };
    }

    private String template(String key, Map<String, String> given, SplittableRandom random, List<String> sources) {
        ContentItem t = pickItem("templates", key, random);
        sources.add(t.id());
        return expander.expand(t.text(), given, split, random, sources);
    }

    private BuiltPrompt finish(String request, Ask ask, PromptGroup group, Set<HazardCategory> labels,
                               Set<HazardCategory> resembles, SplittableRandom random, List<String> sources) {
        String text = request;
        boolean wrapped = random.nextDouble() < WRAP.get(group);
        if (wrapped) {
            text = wrap(text, ask, random, sources);
        }
        text = Noise.apply(text, random, content.items("templates", "slang-prefix", split),
                content.items("templates", "slang-suffix", split), sources);
        return new BuiltPrompt(text, group, labels, resembles, ask.kind, topic(ask), ask.format, wrapped, sources);
    }

    /** Wraps the request; wrappers that need a verb phrase are only used for HOWTO asks. */
    private String wrap(String request, Ask ask, SplittableRandom random, List<String> sources) {
        List<ContentItem> wrappers = content.items("templates", "wrapper", split).stream()
                .filter(x -> ask.kind == AskKind.HOWTO || !x.text().contains("{v}")).toList();
        if (wrappers.isEmpty()) {
            throw new IllegalStateException("the " + split + " split has no wrapper without {v}");
        }
        ContentItem w = wrappers.get(random.nextInt(wrappers.size()));
        sources.add(w.id());
        Map<String, String> given = new HashMap<>();
        given.put("q", request);
        if (ask.kind == AskKind.HOWTO) {
            given.put("v", ask.filled);
        }
        return expander.expand(w.text(), given, split, random, sources);
    }

    /** The ask restated by an answerer: "making your cake", "writing a poem about ...", or "this". */
    private static String topic(Ask ask) {
        return switch (ask.kind) {
            case HOWTO -> EnglishForms.swapPerson(EnglishForms.gerund(ask.filled));
            case WRITE -> EnglishForms.swapPerson("writing a " + ask.format + " " + ask.filled);
            case ASK, STORY -> "this";
        };
    }

    private ContentItem pickItem(String file, String key, SplittableRandom random) {
        List<ContentItem> items = content.items(file, key, split);
        return items.get(random.nextInt(items.size()));
    }

    private static String pick(List<String> options, SplittableRandom random) {
        return options.get(random.nextInt(options.size()));
    }

    static String lowerFirst(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }
}
