package dev.warden.tools.guard;

import dev.warden.tools.judge.corpus.CorpusContent;
import dev.warden.tools.judge.corpus.CorpusGenerator;
import dev.warden.tools.judge.corpus.GeneratorSettings;
import dev.warden.tools.judge.corpus.Split;
import java.nio.file.Path;
import java.util.List;

/**
 * The template corpus's dev fold, for {@code train-guard --report dev}: the held-out split's construction repeated
 * inside the training content, so that experiments are scored on template prompts without reading
 * {@code heldout.jsonl.gz}.
 *
 * <p>How the held-out split is made: not by splitting generated records but by splitting the content they are
 * generated from. Every section of the content files (templates, wrappers, slot values, harmful / lookalike /
 * benign asks) holds out its items at index 3, 7, 11, ... ({@link Split#ofIndex}), and the generator
 * ({@link CorpusGenerator}, {@link GeneratorSettings#defaults()}) builds each split from its own items only, so no
 * content item (and so no topic's words) is shared. The dev fold is the same thing one level down, the judge
 * classifier's calibration fold ({@link CorpusContent#devFold()}): the TRAIN items of each section are split again
 * by the same rule over their positions, and the same generator with the same settings makes, from three quarters of
 * the training content, the prompts the dev protocol trains on ({@link #train}; the shipped train split's counts) and,
 * from the other quarter, the dev fold ({@link #dev}; the held-out split's counts). The grouping unit is the content
 * item, as for the held-out split: no item is used on both sides ({@code TemplateDevFoldTest}).
 *
 * <p>The records of {@code train.jsonl.gz} name their content items, but carving the fold out of those records would
 * drop 43% of them (a prompt uses 1 to 10 items: only prompts whose items all fall on one side could be kept), and
 * the prompts whose items are all dev items are the short ones. Generating both sides keeps the template mix as
 * large as the shipped one and the fold shaped like the held-out split.
 *
 * @param train prompts the dev protocol trains on in place of {@code train.jsonl.gz}'s (no dev-fold content)
 * @param dev   the dev fold's prompts, scored in place of {@code heldout.jsonl.gz}'s (dev-fold content only)
 */
public record TemplateDevFold(List<WardenCorpus.Prompt> train, List<WardenCorpus.Prompt> dev) {

    /** What a model's metadata records ({@code data.warden_corpus}) when trained on {@link #train}. */
    public static final String TRAINED_ON = "template dev fold: train part (CorpusContent.devFold)";
    /** What a model's metadata records when trained on the corpus's {@code train.jsonl.gz}. */
    public static final String TRAINED_ON_SHIPPED = "train.jsonl.gz";

    /** Copies the lists. */
    public TemplateDevFold {
        train = List.copyOf(train);
        dev = List.copyOf(dev);
    }

    /** The fold of the corpus folder's content ({@code folder/content/*.txt}); reads neither split's file. */
    public static TemplateDevFold of(Path corpusFolder) {
        return of(CorpusContent.load(corpusFolder.resolve("content")));
    }

    /** The fold of {@code content}, with the shipped generator settings. */
    public static TemplateDevFold of(CorpusContent content) {
        CorpusGenerator generator = generator(content);
        return new TemplateDevFold(WardenCorpus.prompts(generator.prompts(Split.TRAIN)),
                WardenCorpus.prompts(generator.prompts(Split.HELDOUT)));
    }

    /**
     * The generator of the fold: {@link Split#TRAIN} gives the examples the dev protocol trains on, {@link
     * Split#HELDOUT} the dev fold's (each example names the content items it was built from).
     */
    public static CorpusGenerator generator(CorpusContent content) {
        return new CorpusGenerator(content.devFold(), GeneratorSettings.defaults());
    }
}
