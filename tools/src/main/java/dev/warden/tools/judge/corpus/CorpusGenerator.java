package dev.warden.tools.judge.corpus;

import dev.warden.guard.taxonomy.HazardCategory;
import dev.warden.judge.score.Stance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates the labelled corpus, deterministically from the seed: per hazard category harmful prompts and
 * as many benign lookalikes, ordinary benign prompts, and responses of every {@link ResponseStyle} with
 * their prompts. Each split is built only from its own content items (see {@link Split}). Exact duplicate
 * texts within a split are dropped after a few retries.
 */
public final class CorpusGenerator {

    /** Share of responses of each style, in {@link ResponseStyle} order (NONE excluded). */
    private static final double[] STYLE_SHARE = {0.28, 0.10, 0.25, 0.27, 0.10};
    private static final ResponseStyle[] STYLES = {ResponseStyle.REFUSAL, ResponseStyle.SAFE_COMPLETION,
        ResponseStyle.HARMFUL_COMPLIANCE, ResponseStyle.HELPFUL, ResponseStyle.OVER_REFUSAL};
    /** Share of lookalikes (rather than ordinary benign requests) among the prompts of benign responses. */
    private static final double LOOKALIKE_SHARE = 0.6;
    private static final int RETRIES = 20;

    private final CorpusContent content;
    private final GeneratorSettings settings;

    /** A generator over {@code content} with {@code settings}. */
    public CorpusGenerator(CorpusContent content, GeneratorSettings settings) {
        this.content = content;
        this.settings = settings;
    }

    /** The examples of one split, prompts first, then responses, each part in seeded random order. */
    public List<LabelledExample> generate(Split split) {
        SplittableRandom random = random(split);
        PromptFactory prompts = new PromptFactory(content, split);
        List<LabelledExample> out = prompts(split, prompts, random);
        out.addAll(responses(split, settings.counts(split).responses(), prompts, random));
        return out;
    }

    /**
     * The prompt examples of one split alone: the first part of {@link #generate}'s list, the same examples in the
     * same order (prompts are drawn before responses), without the cost of the responses.
     */
    public List<LabelledExample> prompts(Split split) {
        return prompts(split, new PromptFactory(content, split), random(split));
    }

    private SplittableRandom random(Split split) {
        return new SplittableRandom(settings.seed() * 1_000_003L + split.ordinal());
    }

    private List<LabelledExample> prompts(Split split, PromptFactory prompts, SplittableRandom random) {
        GeneratorSettings.Counts counts = settings.counts(split);
        List<BuiltPrompt> built = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (HazardCategory c : HazardCategory.all()) {
            for (int i = 0; i < counts.harmfulPerCategory(); i++) {
                addUnique(built, seen, () -> prompts.harmful(c, random));
            }
            for (int i = 0; i < counts.lookalikePerCategory(); i++) {
                addUnique(built, seen, () -> prompts.lookalike(c, random));
            }
        }
        for (int i = 0; i < counts.benign(); i++) {
            addUnique(built, seen, () -> prompts.benign(random));
        }
        shuffle(built, random);
        List<LabelledExample> out = new ArrayList<>(built.size() + counts.responses());
        for (BuiltPrompt p : built) {
            String id = split.fileStem() + "-p-" + String.format("%06d", out.size());
            out.add(new LabelledExample(id, split, ExampleKind.PROMPT, p.group(), p.categories(), p.resembles(),
                    p.text(), "", Stance.NONE, !p.categories().isEmpty(), ResponseStyle.NONE, p.sources()));
        }
        return out;
    }

    private List<LabelledExample> responses(Split split, int count, PromptFactory prompts, SplittableRandom random) {
        ResponseFactory responder = new ResponseFactory(content, split);
        List<LabelledExample> out = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            for (int attempt = 0; attempt < RETRIES; attempt++) {
                ResponseStyle style = pickStyle(random);
                BuiltPrompt p = promptFor(style, prompts, random);
                List<String> sources = new ArrayList<>(p.sources());
                String response = responder.respond(p, style, random, sources);
                if (seen.add(p.text() + "\u0000" + response)) {
                    String id = split.fileStem() + "-r-" + String.format("%06d", out.size());
                    out.add(new LabelledExample(id, split, ExampleKind.RESPONSE, p.group(),
                            style.harmful() ? p.categories() : Set.of(), p.resembles(), p.text(), response,
                            style.stance(), style.harmful(), style, sources));
                    break;
                }
            }
        }
        return out;
    }

    private static ResponseStyle pickStyle(SplittableRandom random) {
        double r = random.nextDouble();
        for (int i = 0; i < STYLES.length; i++) {
            r -= STYLE_SHARE[i];
            if (r < 0) {
                return STYLES[i];
            }
        }
        return STYLES[STYLES.length - 1];
    }

    private static BuiltPrompt promptFor(ResponseStyle style, PromptFactory prompts, SplittableRandom random) {
        List<HazardCategory> all = HazardCategory.all();
        HazardCategory c = all.get(random.nextInt(all.size()));
        return switch (style) {
            case REFUSAL, SAFE_COMPLETION, HARMFUL_COMPLIANCE -> prompts.harmful(c, random);
            case HELPFUL, OVER_REFUSAL -> random.nextDouble() < LOOKALIKE_SHARE
                    ? prompts.lookalike(c, random) : prompts.benign(random);
            case NONE -> throw new IllegalArgumentException("NONE is not a response style");
        };
    }

    private static void addUnique(List<BuiltPrompt> out, Set<String> seen, java.util.function.Supplier<BuiltPrompt> make) {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            BuiltPrompt p = make.get();
            if (seen.add(p.text())) {
                out.add(p);
                return;
            }
        }
    }

    /** Fisher-Yates with the generator's own random, so the order is part of the determinism. */
    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
