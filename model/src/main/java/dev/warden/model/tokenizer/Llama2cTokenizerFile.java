package dev.warden.model.tokenizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tokenizer in llama2.c's binary format ({@code tokenizer.bin}, {@code tok512.bin}), as written by
 * llama2.c's {@code tokenizer.py export} from a SentencePiece BPE model: a little-endian {@code int}
 * {@code max_token_length}, then for every token id in order a {@code float} score, an {@code int} byte
 * length and that many UTF-8 bytes. The file carries no token count: the tokens run to the end of the file.
 *
 * <p>The export rewrites SentencePiece's {@code ▁} (U+2581) as a plain space and writes BOS and EOS as
 * {@code "\n<s>\n"} and {@code "\n</s>\n"}; {@link #pieces()} holds the text exactly as stored.
 *
 * @param maxTokenLength the longest token in bytes, as the header says
 * @param pieces the tokens, index = id
 */
public record Llama2cTokenizerFile(int maxTokenLength, List<Piece> pieces) {

    /** Most tokens a file may hold (a bound against garbage, far above any real vocabulary). */
    static final int MAX_TOKENS = 1 << 22;

    /** Copies the list. */
    public Llama2cTokenizerFile {
        pieces = List.copyOf(pieces);
    }

    /**
     * One token.
     *
     * @param text its text as stored (spaces, not {@code ▁})
     * @param score its SentencePiece score: higher merges first
     */
    public record Piece(String text, float score) {
    }

    /**
     * Reads a llama2.c tokenizer file.
     *
     * @throws TokenizerException when the file cannot be read, is truncated, has a negative length, or a
     *     token that is not valid UTF-8
     */
    public static Llama2cTokenizerFile read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TokenizerException("cannot read " + file + ": " + e.getMessage(), e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < Integer.BYTES) {
            throw new TokenizerException(file + " is not a llama2.c tokenizer: shorter than its 4-byte header");
        }
        int maxTokenLength = in.getInt();
        if (maxTokenLength <= 0) {
            throw new TokenizerException(file + " is not a llama2.c tokenizer: max_token_length is " + maxTokenLength);
        }
        List<Piece> pieces = new ArrayList<>();
        var utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        while (in.hasRemaining()) {
            int id = pieces.size();
            if (id >= MAX_TOKENS || in.remaining() < Float.BYTES + Integer.BYTES) {
                throw new TokenizerException(file + " is truncated or not a llama2.c tokenizer: token " + id
                        + " at byte " + in.position() + " has no complete score and length");
            }
            float score = in.getFloat();
            int length = in.getInt();
            if (length < 0 || length > in.remaining() || length > maxTokenLength) {
                throw new TokenizerException(file + " is not a valid llama2.c tokenizer: token " + id + " claims "
                        + length + " bytes (max_token_length " + maxTokenLength + ", " + in.remaining() + " left)");
            }
            ByteBuffer raw = in.slice().limit(length);
            in.position(in.position() + length);
            try {
                pieces.add(new Piece(utf8.decode(raw).toString(), score));
            } catch (CharacterCodingException e) {
                throw new TokenizerException(file + ": token " + id + " is not valid UTF-8", e);
            }
        }
        if (pieces.isEmpty()) {
            throw new TokenizerException(file + " holds no tokens");
        }
        return new Llama2cTokenizerFile(maxTokenLength, pieces);
    }
}
