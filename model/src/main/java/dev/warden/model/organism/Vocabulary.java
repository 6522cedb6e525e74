package dev.warden.model.organism;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A word-level vocabulary: the special tokens first ({@code <pad> <bos> <eos> <unk> <sep>} with ids 0..4),
 * then the corpus words in sorted order. Text is split on single spaces; unknown words map to
 * {@code <unk>}. This is what the word-level tokenizer.json of the demo model serialises.
 */
public final class Vocabulary {

    /** The special tokens, in id order. */
    public static final List<String> SPECIAL_TOKENS = List.of(
            ChatFormat.PAD, ChatFormat.BOS, ChatFormat.EOS, ChatFormat.UNK, ChatFormat.SEP);

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (map.put(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate token '" + tokens.get(i) + "'");
            }
        }
        this.ids = map;
    }

    /** The special tokens followed by {@code words} (sorted; special tokens among them are skipped). */
    public static Vocabulary of(Collection<String> words) {
        List<String> tokens = new ArrayList<>(SPECIAL_TOKENS);
        words.stream().filter(w -> !SPECIAL_TOKENS.contains(w)).distinct().sorted().forEach(w -> {
            if (w.isBlank() || w.contains(" ")) {
                throw new IllegalArgumentException("not a word: '" + w + "'");
            }
            tokens.add(w);
        });
        return new Vocabulary(tokens);
    }

    /** The vocabulary of a corpus: every word it can produce. */
    public static Vocabulary of(SyntheticCorpus corpus) {
        return of(corpus.words());
    }

    /** Number of tokens (the model's vocabulary size). */
    public int size() {
        return tokens.size();
    }

    /** Every token in id order. */
    public List<String> tokens() {
        return tokens;
    }

    /** Token to id, in id order (the "vocab" of a WordLevel tokenizer.json). */
    public Map<String, Integer> asMap() {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            map.put(tokens.get(i), i);
        }
        return Collections.unmodifiableMap(map);
    }

    /** True when {@code word} has its own id. */
    public boolean contains(String word) {
        return ids.containsKey(word);
    }

    /** The id of {@code word}, or the {@code <unk>} id. */
    public int id(String word) {
        return ids.getOrDefault(word, unkId());
    }

    /** The token of {@code id}. */
    public String token(int id) {
        return tokens.get(id);
    }

    /** Ids of the space-separated words of {@code text}. */
    public int[] encode(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return new int[0];
        }
        String[] words = trimmed.split(" +");
        int[] out = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = id(words[i]);
        }
        return out;
    }

    /** The words of {@code ids} joined by spaces. */
    public String decode(int[] ids) {
        StringJoiner j = new StringJoiner(" ");
        for (int id : ids) {
            j.add(token(id));
        }
        return j.toString();
    }

    /** Id of {@code <pad>}. */
    public int padId() {
        return 0;
    }

    /** Id of {@code <bos>}. */
    public int bosId() {
        return 1;
    }

    /** Id of {@code <eos>}. */
    public int eosId() {
        return 2;
    }

    /** Id of {@code <unk>}. */
    public int unkId() {
        return 3;
    }

    /** Id of {@code <sep>}, the separator that ends every prompt. */
    public int sepId() {
        return 4;
    }
}
