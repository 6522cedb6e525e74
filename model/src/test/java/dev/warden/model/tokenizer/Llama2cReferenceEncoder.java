package dev.warden.model.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent reference for what the converted tokenizer must do: llama2.c's {@code encode} from
 * {@code run.c}, ported line by line (dummy prefix " ", one token per UTF-8 code point or its bytes as
 * {@code <0xNN>} = byte + 3, then merge the adjacent pair whose concatenation has the highest score, leftmost
 * on ties, until no pair is in the vocabulary). It works on the stored texts (spaces, not ▁), as run.c does.
 */
final class Llama2cReferenceEncoder {

    private final List<Llama2cTokenizerFile.Piece> pieces;
    private final Map<String, Integer> lookup = new HashMap<>();

    Llama2cReferenceEncoder(Llama2cTokenizerFile file) {
        this.pieces = file.pieces();
        for (int id = 0; id < pieces.size(); id++) {
            lookup.putIfAbsent(pieces.get(id).text(), id); // run.c's str_lookup: bsearch over a sorted copy
        }
    }

    /** The ids of {@code text}, without BOS or EOS. */
    long[] encode(String text) {
        List<Integer> tokens = new ArrayList<>();
        if (!text.isEmpty()) {
            tokens.add(lookup.get(" "));
        }
        text.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            Integer id = lookup.get(ch);
            if (id != null) {
                tokens.add(id);
            } else {
                for (byte b : ch.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    tokens.add((b & 0xFF) + 3);
                }
            }
        });
        while (true) {
            float bestScore = -1e10f;
            int bestId = -1;
            int bestIdx = -1;
            for (int i = 0; i < tokens.size() - 1; i++) {
                Integer id = lookup.get(pieces.get(tokens.get(i)).text() + pieces.get(tokens.get(i + 1)).text());
                if (id != null && pieces.get(id).score() > bestScore) {
                    bestScore = pieces.get(id).score();
                    bestId = id;
                    bestIdx = i;
                }
            }
            if (bestIdx == -1) {
                break;
            }
            tokens.set(bestIdx, bestId);
            tokens.remove(bestIdx + 1);
        }
        return tokens.stream().mapToLong(Integer::longValue).toArray();
    }
}
