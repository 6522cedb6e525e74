package dev.warden.tools.judge.corpus;

/**
 * The two parts of the labelled corpus. They are built from DISJOINT content: every template, wrapper,
 * request and slot value belongs to exactly one split (see {@link #ofIndex}), so that the held-out figures
 * measure generalisation to unseen phrasings and topics, not memorisation.
 */
public enum Split {
    /** Used to fit the classifier. */
    TRAIN("train"),
    /** Used only to evaluate it. */
    HELDOUT("heldout");

    private final String fileStem;

    Split(String fileStem) {
        this.fileStem = fileStem;
    }

    /** The stem of the split's corpus file, e.g. "train" for {@code train.jsonl.gz}. */
    public String fileStem() {
        return fileStem;
    }

    /** The split of the item at {@code index} (0-based) of a content section: every fourth item is held out. */
    public static Split ofIndex(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("content index must be >= 0, got " + index);
        }
        return index % 4 == 3 ? HELDOUT : TRAIN;
    }
}
