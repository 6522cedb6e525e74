package dev.warden.guard.learned;

import dev.warden.guard.text.DecodedTexts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The learned guard model: hashed word and character n-gram features ({@link GuardFeatures}) and one
 * logistic head per {@link GuardHead}, weights stored as int8 with a float scale per head. For a text,
 * logit_h = bias_h + scale_h * sum over groups g of (sum of the signed int8 weights of g's occurrences in
 * head h) / sqrt(occurrences of g). Immutable and thread-safe; per call it allocates only the folded text (and H
 * floats with a hidden layer).
 *
 * <p>Injection window ({@link GuardMetadata#injectionWindow()} chars, 0 for none): an instruction planted in a
 * long document is a few words among hundreds, and the whole text's sums dilute it. With a window, the injection
 * head also reads every window of the text (two adjacent blocks of half the window's folded chars,
 * {@link GuardFeatures}, "Windows"), each scored as if it were the whole text, and its logit is the largest of the
 * whole text's and the windows'. The windows' sums come from the same pass: the rows are added block by block,
 * and each block's share of the injection head's sum is read off between blocks. The model is trained with windows of benign texts as negatives (tools' {@code GuardTraining}), so that
 * windows of ordinary documents score as benign; its thresholds are calibrated on these logits.
 *
 * <p>Hidden layer ({@link GuardMetadata#hidden()} units H, 0 for the linear model): each bucket holds an H-wide
 * int8 embedding row instead of the heads' weights, with a float scale per column. The text's rows are summed exactly
 * as above (the same kernel, {@link SwarRowSums} with H-byte rows), giving {@code s} [H]; then
 * {@code h = ReLU(s + b1)} and {@code logits = W2 h + b2} ({@link HiddenLayer}). The rows cost what the linear
 * model's cost (16 bytes against 17 at H = 16); the dense part is K x H multiply-adds per text. It can learn
 * interactions a linear model cannot (a request style and a harm topic together). A hidden-layer model reads no
 * injection window.
 *
 * <p>Files: {@code guard-model.bin.gz} (gzip of: magic {@code WGM1}, int buckets, int heads, heads float
 * scales, heads float biases, buckets x heads int8 weights row-major by bucket; big-endian; a hidden-layer model:
 * magic {@code WGH1}, int buckets, int H, int heads, H float scales, H float b1, heads x H float W2, heads float
 * b2, buckets x H int8 rows) and
 * {@code guard-model.json} ({@link GuardMetadata}). The shipped pair lives in this jar under
 * {@value #RESOURCE}.
 */
public final class GuardModel {

    /**
     * Texts with fewer words (runs of letters or digits) than this are not for the heads: they were calibrated on
     * prompts of a sentence or more, and on a text of two or three words their probabilities sit at the bias,
     * next to the calibrated thresholds ("stream this", "Tell me a story." would be coin flips). Callers leave
     * such texts to their other checks ({@link #readable}).
     */
    public static final int MIN_WORDS = 6;

    /**
     * The most decoded payloads {@link #readWithPayloads} scores per text: a bound on its work (each costs a
     * score of the decoded text). A ninth payload is not read.
     */
    public static final int MAX_PAYLOADS = 8;

    /** The classpath folder of the shipped model. */
    public static final String RESOURCE = "/guard/learned/";
    /** The weights file name. */
    public static final String WEIGHTS = "guard-model.bin.gz";
    /** The metadata file name. */
    public static final String METADATA = "guard-model.json";

    private static final int MAGIC = 0x57474D31; // "WGM1"
    private static final int MAGIC_HIDDEN = 0x57474831; // "WGH1"
    private static final int K = GuardHead.COUNT;

    private final GuardFeatures features;
    /** The int8 weights or rows, as {@link SwarRowSums} reads them; shared by every thread's sums. */
    private final RowTable table;
    /** Bytes per row: the heads (linear) or H (hidden layer). */
    private final int width;
    /** One per row column. */
    private final float[] scales;
    /** The heads' biases (linear; null with a hidden layer). */
    private final float[] biases;
    /** The dense part of a hidden-layer model; null for the linear model. */
    private final HiddenLayer layer;
    private final GuardMetadata metadata;
    private final ThreadLocal<SwarRowSums> accumulators;
    /** Half the injection window: the block length in folded chars, 0 for none. */
    private final int blockChars;
    private static final int INJECTION = GuardHead.INJECTION.ordinal();

    /**
     * A model over int8 weights (the arrays are copied).
     *
     * @param weights  {@code buckets * GuardHead.COUNT} int8 weights, row-major by bucket
     * @param scales   one scale per head
     * @param biases   one bias per head
     * @param metadata features and operating points
     */
    public GuardModel(byte[] weights, float[] scales, float[] biases, GuardMetadata metadata) {
        this.features = metadata.features();
        if (weights.length != (long) features.buckets() * K || scales.length != K || biases.length != K) {
            throw new IllegalArgumentException("weights must hold " + features.buckets() + " x " + K
                    + " values and " + K + " scales and biases; got " + weights.length + ", " + scales.length
                    + ", " + biases.length);
        }
        if (K != SwarRowSums.ROW) {
            throw new IllegalStateException("the scoring kernel assumes " + SwarRowSums.ROW + " heads, not " + K);
        }
        if (metadata.isHidden()) {
            throw new IllegalArgumentException("the metadata is of a hidden-layer model");
        }
        this.table = RowTable.of(weights, K);
        this.width = K;
        this.scales = scales.clone();
        this.biases = biases.clone();
        this.layer = null;
        this.metadata = metadata;
        this.accumulators = ThreadLocal.withInitial(() -> new SwarRowSums(this.table, GuardFeatures.GROUPS));
        this.blockChars = metadata.injectionWindow() / 2;
    }

    /**
     * A hidden-layer model over int8 embedding rows (the arrays are copied).
     *
     * @param rows     {@code buckets * H} int8 values, row-major by bucket (H = {@code metadata.hidden()})
     * @param scales   one scale per column (H)
     * @param layer    the dense part
     * @param metadata features, H and operating points
     */
    public GuardModel(byte[] rows, float[] scales, HiddenLayer layer, GuardMetadata metadata) {
        this.features = metadata.features();
        int h = metadata.hidden();
        if (h == 0 || layer.width() != h || scales.length != h || rows.length != (long) features.buckets() * h) {
            throw new IllegalArgumentException("a hidden-layer model needs " + features.buckets() + " x H rows, H scales"
                    + " and a layer of H units, H = " + h + " in the metadata; got " + rows.length + ", "
                    + scales.length + ", " + layer.width());
        }
        this.table = RowTable.of(rows, h);
        this.width = h;
        this.scales = scales.clone();
        this.biases = null;
        this.layer = layer;
        this.metadata = metadata;
        this.accumulators = ThreadLocal.withInitial(() -> new SwarRowSums(this.table, GuardFeatures.GROUPS));
        this.blockChars = 0;
    }

    /**
     * Quantizes float weights: per head {@code scale = max|w| / 127}, {@code q = round(w / scale)}.
     *
     * @param weights {@code buckets * GuardHead.COUNT} weights, row-major by bucket
     */
    public static GuardModel quantize(float[] weights, float[] biases, GuardMetadata metadata) {
        float[] scales = new float[K];
        return new GuardModel(quantize(weights, K, scales), scales, biases, metadata);
    }

    /**
     * Quantizes a hidden-layer model's float embedding rows the same way, per column ({@code scale_j = max|e_j| /
     * 127}).
     *
     * @param rows {@code buckets * H} values, row-major by bucket
     */
    public static GuardModel quantize(float[] rows, HiddenLayer layer, GuardMetadata metadata) {
        float[] scales = new float[layer.width()];
        return new GuardModel(quantize(rows, layer.width(), scales), scales, layer, metadata);
    }

    /** int8 values of {@code values} (rows of {@code width}), a scale per column into {@code scales}. */
    private static byte[] quantize(float[] values, int width, float[] scales) {
        for (int i = 0; i < values.length; i++) {
            scales[i % width] = Math.max(scales[i % width], Math.abs(values[i]));
        }
        for (int h = 0; h < width; h++) {
            scales[h] = scales[h] == 0f ? 1f : scales[h] / 127f;
        }
        byte[] q = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            q[i] = (byte) Math.max(-127, Math.min(127, Math.round(values[i] / scales[i % width])));
        }
        return q;
    }

    /**
     * The shipped model, from this jar.
     *
     * @throws IllegalStateException if it is missing or inconsistent
     */
    public static GuardModel load() {
        try (InputStream w = GuardModel.class.getResourceAsStream(RESOURCE + WEIGHTS);
             InputStream m = GuardModel.class.getResourceAsStream(RESOURCE + METADATA)) {
            if (w == null || m == null) {
                throw new IllegalStateException("the guard model is not on the classpath (" + RESOURCE + ")");
            }
            return read(w.readAllBytes(), new String(m.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped guard model", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the shipped guard model is inconsistent: " + e.getMessage(), e);
        }
    }

    /** A model from a folder holding the two files. */
    public static GuardModel load(Path folder) {
        try {
            return read(Files.readAllBytes(folder.resolve(WEIGHTS)),
                    Files.readString(folder.resolve(METADATA), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the guard model in " + folder, e);
        }
    }

    private static GuardModel read(byte[] gz, String json) throws IOException {
        GuardMetadata metadata = GuardMetadata.fromJson(json);
        String sha = sha256(gz);
        if (!sha.equals(metadata.weightsSha256())) {
            throw new IllegalArgumentException("weights SHA-256 " + sha + " does not match the metadata's "
                    + metadata.weightsSha256());
        }
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(gz)))) {
            int magic = in.readInt();
            if (magic != (metadata.isHidden() ? MAGIC_HIDDEN : MAGIC)) {
                throw new IllegalArgumentException(magic == MAGIC || magic == MAGIC_HIDDEN
                        ? "the weights file and the metadata disagree on the model's kind"
                        : "not a guard model weights file");
            }
            if (metadata.isHidden()) {
                return readHidden(in, metadata);
            }
            int buckets = in.readInt();
            int heads = in.readInt();
            if (buckets != metadata.features().buckets() || heads != K) {
                throw new IllegalArgumentException("weights are " + buckets + " x " + heads + ", metadata says "
                        + metadata.features().buckets() + " x " + K);
            }
            float[] scales = new float[K];
            float[] biases = new float[K];
            for (int h = 0; h < K; h++) {
                scales[h] = in.readFloat();
            }
            for (int h = 0; h < K; h++) {
                biases[h] = in.readFloat();
            }
            byte[] weights = new byte[buckets * K];
            in.readFully(weights);
            return new GuardModel(weights, scales, biases, metadata);
        }
    }

    /** The rest of a hidden-layer weights file, after its magic. */
    private static GuardModel readHidden(DataInputStream in, GuardMetadata metadata) throws IOException {
        int buckets = in.readInt();
        int h = in.readInt();
        int heads = in.readInt();
        if (buckets != metadata.features().buckets() || h != metadata.hidden() || heads != K) {
            throw new IllegalArgumentException("weights are " + buckets + " x " + h + " -> " + heads + ", metadata says "
                    + metadata.features().buckets() + " x " + metadata.hidden() + " -> " + K);
        }
        float[] scales = readFloats(in, h);
        float[] b1 = readFloats(in, h);
        float[] w2 = readFloats(in, K * h);
        float[] b2 = readFloats(in, K);
        byte[] rows = new byte[buckets * h];
        in.readFully(rows);
        return new GuardModel(rows, scales, new HiddenLayer(b1, w2, b2), metadata);
    }

    private static float[] readFloats(DataInputStream in, int n) throws IOException {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = in.readFloat();
        }
        return out;
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    /**
     * Writes the two files into {@code folder}; returns the metadata as written (with the weights' hash).
     */
    public GuardMetadata write(Path folder) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes) {
                {
                    def.setLevel(9);
                }
            })) {
                if (layer != null) {
                    out.writeInt(MAGIC_HIDDEN);
                    out.writeInt(features.buckets());
                    out.writeInt(width);
                    out.writeInt(K);
                    writeFloats(out, scales);
                    writeFloats(out, layer.b1());
                    writeFloats(out, layer.w2());
                    writeFloats(out, layer.b2());
                } else {
                    out.writeInt(MAGIC);
                    out.writeInt(features.buckets());
                    out.writeInt(K);
                    writeFloats(out, scales);
                    writeFloats(out, biases);
                }
                out.write(table.signed());
            }
            byte[] gz = bytes.toByteArray();
            // a gzip header holds no timestamp when written by GZIPOutputStream (MTIME 0): the file is reproducible
            GuardMetadata written = metadata.withWeightsSha256(sha256(gz));
            Files.createDirectories(folder);
            Files.write(folder.resolve(WEIGHTS), gz);
            Files.writeString(folder.resolve(METADATA), written.toJson(), StandardCharsets.UTF_8);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the guard model into " + folder, e);
        }
    }

    /** The metadata. */
    public GuardMetadata metadata() {
        return metadata;
    }

    /** Whether {@code text} has at least {@link #MIN_WORDS} words (runs of letters or digits) for the heads. */
    public static boolean readable(CharSequence text) {
        return words(text) >= MIN_WORDS;
    }

    /** The number of runs of letters or digits in {@code text}, counted up to {@link #MIN_WORDS}. */
    public static int words(CharSequence text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length() && words < MIN_WORDS; i++) {
            boolean letter = Character.isLetterOrDigit(text.charAt(i));
            if (letter && !inWord) {
                words++;
            }
            inWord = letter;
        }
        return words;
    }

    /**
     * Scores a prompt.
     *
     * @throws NullPointerException if text is null
     */
    public GuardScores score(CharSequence text) {
        float[] logits = new float[K];
        logits(text, logits);
        return scores(logits);
    }

    /**
     * Scores a prompt together with what it hides: {@link #readWithPayloads}, or {@link #score} when neither the
     * text nor any payload of it is {@link #readable}. A text without payloads gets exactly {@link #score}'s
     * probabilities.
     *
     * @throws NullPointerException if text is null
     */
    public GuardScores scoreWithPayloads(CharSequence text) {
        return readWithPayloads(text).orElseGet(() -> score(text));
    }

    /**
     * Reads a prompt together with what it hides: each head's probability is the largest over the text itself,
     * when it is {@link #readable}, and its readable decoded payloads ({@link DecodedTexts}: base64, hex,
     * percent-encoded and binary runs, the text rotated back when it reads as rot13, nested payloads down to
     * {@value DecodedTexts#MAX_DEPTH} levels). At most {@value #MAX_PAYLOADS} payloads are scored, outer ones
     * first; later ones are not read. An instruction in novel wording, base64-encoded, is one opaque token to
     * {@link #score} and plain words here; a message that is nothing but a payload is read through it. Empty when
     * neither the text nor any payload is readable (the heads cannot judge it). The decoding is linear in the
     * length of the text; each scored payload costs a {@link #score} of its decoded text, which is shorter than
     * its encoding.
     *
     * @throws NullPointerException if text is null
     */
    public Optional<GuardScores> readWithPayloads(CharSequence text) {
        float[] best = null;
        if (readable(text)) {
            best = new float[K];
            logits(text, best);
        }
        float[] payload = null; // most texts have no payload
        for (String decoded : DecodedTexts.of(text.toString(), MAX_PAYLOADS, GuardModel::readable)) {
            if (payload == null) {
                payload = new float[K];
            }
            logits(decoded, payload);
            if (best == null) {
                best = payload.clone();
            }
            for (int h = 0; h < K; h++) {
                best[h] = Math.max(best[h], payload[h]);
            }
        }
        return best == null ? Optional.empty() : Optional.of(scores(best));
    }

    /** The probabilities of {@code logits} (overwritten), as scores. */
    private GuardScores scores(float[] logits) {
        for (int h = 0; h < K; h++) {
            logits[h] = (float) (1.0 / (1.0 + Math.exp(-logits[h])));
        }
        return new GuardScores(logits, metadata);
    }

    /** The logits of every head for {@code text} into {@code out} (length at least {@link GuardHead#COUNT}). */
    public void logits(CharSequence text, float[] out) {
        SwarRowSums sums = accumulators.get();
        sums.reset();
        GuardFeatures.Occurrences o = features.occurrences(text, blockChars);
        boolean windows = o.windows() > 0;
        if (windows) {
            addByBlock(sums, GuardFeatures.WORDS, o.values, o.wordBlocks, o.blocks, o.wordSums);
            addByBlock(sums, GuardFeatures.CHARS, o.values, o.charBlocks, o.blocks, o.charSums);
        } else {
            sums.addAll(GuardFeatures.WORDS, o.values, 0, o.words);
            sums.addAll(GuardFeatures.CHARS, o.values, o.words, o.size);
        }
        int nw = sums.count(GuardFeatures.WORDS);
        int nc = sums.count(GuardFeatures.CHARS);
        double words = nw == 0 ? 0 : 1.0 / Math.sqrt(nw);
        double chars = nc == 0 ? 0 : 1.0 / Math.sqrt(nc);
        if (layer != null) {
            float[] s = new float[width];
            for (int j = 0; j < width; j++) {
                s[j] = scales[j] * (float) (sums.sum(GuardFeatures.WORDS, j) * words
                        + sums.sum(GuardFeatures.CHARS, j) * chars);
            }
            layer.logits(s, out);
            return;
        }
        for (int h = 0; h < K; h++) {
            out[h] = biases[h] + scales[h] * (float) (sums.sum(GuardFeatures.WORDS, h) * words
                    + sums.sum(GuardFeatures.CHARS, h) * chars);
        }
        if (windows) {
            out[INJECTION] = Math.max(out[INJECTION], windowLogit(o));
        }
    }

    /** The largest injection logit over the windows of {@code o} (which has more than two blocks). */
    private float windowLogit(GuardFeatures.Occurrences o) {
        int blocks = o.blocks;
        int[] ws = o.wordSums;
        int[] cs = o.charSums;
        float best = Float.NEGATIVE_INFINITY;
        for (int k = 0; k + 1 < blocks; k++) {
            int nw = o.wordBlocks[k + 2] - o.wordBlocks[k];
            int nc = o.charBlocks[k + 2] - o.charBlocks[k];
            double w = nw == 0 ? 0 : (ws[k] + ws[k + 1]) / Math.sqrt(nw);
            double c = nc == 0 ? 0 : (cs[k] + cs[k + 1]) / Math.sqrt(nc);
            best = Math.max(best, biases[INJECTION] + scales[INJECTION] * (float) (w + c));
        }
        return best;
    }

    /**
     * Adds a group's occurrences block by block ({@code values[starts[b], starts[b + 1])}); {@code out[b]} becomes
     * block b's signed sum of the injection head's weights. The total is the same as one {@code addAll}.
     */
    private static void addByBlock(SwarRowSums sums, int group, int[] values, int[] starts, int blocks, int[] out) {
        for (int b = 0; b < blocks; b++) {
            int before = sums.sum(group, INJECTION);
            sums.addAll(group, values, starts[b], starts[b + 1]);
            out[b] = sums.sum(group, INJECTION) - before;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
