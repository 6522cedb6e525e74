package dev.warden.judge.score;

/** Finds stereotyping and demeaning generalisations in a text. */
@FunctionalInterface
public interface BiasScorer {

    /** The bias assessment of {@code text}, with spans located in the submitted texts. */
    BiasFinding assess(JudgedText text);
}
