package dev.warden.model.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code stories260K/EXPECTED_GREEDY.txt}: the greedy ids an independent implementation produced from BOS
 * (line {@code ids: ...}) and the text they spell (line {@code text: ...}), written as the concatenated pieces
 * of the vocabulary: the first piece's leading space kept and byte tokens written as {@code <0xNN>}.
 */
public record ExpectedGreedy(long[] ids, String rawText) {

    private static final Pattern BYTE = Pattern.compile("<0x([0-9A-F]{2})>");

    /** Reads the file. */
    public static ExpectedGreedy read(Path file) throws IOException {
        long[] ids = null;
        String text = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("ids: ")) {
                ids = Arrays.stream(line.substring(5).trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
            } else if (line.startsWith("text: ")) {
                text = line.substring(6);
            }
        }
        if (ids == null || text == null) {
            throw new IllegalStateException(file + " lacks an 'ids:' or 'text:' line");
        }
        return new ExpectedGreedy(ids, text);
    }

    /**
     * The text as llama2.c's {@code decode} prints it after BOS: the leading space of the first piece
     * dropped (SentencePiece's dummy prefix) and {@code <0xNN>} turned into its byte (all ASCII here).
     */
    public String textAsLlama2cDecodes() {
        String text = rawText.startsWith(" ") ? rawText.substring(1) : rawText;
        Matcher m = BYTE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The ids' pieces joined, ▁ read as a space: what {@link #rawText} must be. */
    public String rawPieces(TextTokenizer tokenizer) {
        StringBuilder out = new StringBuilder();
        for (long id : ids) {
            out.append(tokenizer.token(id).orElseThrow().replace(Llama2cTokenizerConverter.SPACE_SYMBOL, " "));
        }
        return out.toString();
    }
}
