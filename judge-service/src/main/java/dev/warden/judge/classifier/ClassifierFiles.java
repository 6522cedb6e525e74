package dev.warden.judge.classifier;

import dev.warden.model.safetensors.DType;
import dev.warden.model.safetensors.SafeTensorsHeader;
import dev.warden.model.safetensors.SafeTensorsWriter;
import dev.warden.model.safetensors.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The classifier's two files, in a folder (in the repo: judge-service's resources, {@code /classifier/} on
 * the classpath):
 * <ul>
 *   <li>{@code weights.safetensors}: {@code weight} I8 [buckets, heads], {@code scale} F32 [heads],
 *       {@code bias} F32 [heads], {@code context} F32 [1], with {@code __metadata__} naming the heads;</li>
 *   <li>{@code classifier.json}: {@link ClassifierMetadata}.</li>
 * </ul>
 * Reading checks the weights against the metadata (hash, shapes, dtypes) and fails with an
 * {@link IllegalArgumentException} naming the problem.
 */
public final class ClassifierFiles {

    /** The weights file name. */
    public static final String WEIGHTS = "weights.safetensors";
    /** The metadata file name. */
    public static final String METADATA = "classifier.json";
    /** The classpath folder of the shipped classifier. */
    public static final String CLASSPATH_FOLDER = "/classifier/";

    private ClassifierFiles() {
    }

    /** A loaded classifier: weights and metadata. */
    public record Loaded(LinearHeads heads, ClassifierMetadata metadata) {
    }

    /**
     * Writes the weights and then the metadata (with the weights' hash filled in).
     *
     * @return the metadata as written
     */
    public static ClassifierMetadata write(Path folder, LinearHeads heads, ClassifierMetadata metadata) {
        try {
            Files.createDirectories(folder);
            Path weights = folder.resolve(WEIGHTS);
            new SafeTensorsWriter()
                    .metadata("format", ClassifierMetadata.FORMAT)
                    .metadata("heads", String.join(",", Arrays.stream(Head.values()).map(Enum::name).toList()))
                    .add("weight", DType.I8, new long[] {heads.settings().buckets(), LinearHeads.H},
                            ByteBuffer.wrap(heads.weights()))
                    .add("scale", DType.F32, new long[] {LinearHeads.H}, heads.scales())
                    .add("bias", DType.F32, new long[] {LinearHeads.H}, heads.biases())
                    .add("context", DType.F32, new long[] {1}, new float[] {heads.contextWeight()})
                    .write(weights);
            ClassifierMetadata complete = new ClassifierMetadata(metadata.features(), metadata.thresholds(),
                    metadata.corpus(), metadata.training(), sha256(Files.readAllBytes(weights)));
            Files.writeString(folder.resolve(METADATA), complete.toJson(), StandardCharsets.UTF_8);
            return complete;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the classifier to " + folder, e);
        }
    }

    /** Reads the classifier from a folder. */
    public static Loaded read(Path folder) {
        try {
            return decode(Files.readAllBytes(folder.resolve(WEIGHTS)),
                    Files.readString(folder.resolve(METADATA), StandardCharsets.UTF_8), folder.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the classifier from " + folder, e);
        }
    }

    /**
     * Reads the shipped classifier from the classpath.
     *
     * @throws IllegalStateException if it is not on the classpath
     */
    public static Loaded readClasspath() {
        byte[] weights = resource(CLASSPATH_FOLDER + WEIGHTS);
        String json = new String(resource(CLASSPATH_FOLDER + METADATA), StandardCharsets.UTF_8);
        return decode(weights, json, "classpath:" + CLASSPATH_FOLDER);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ClassifierFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath; run "
                        + "./warden train-classifier (tools/) to build it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** Decodes weights bytes and metadata JSON, checking them against each other. */
    static Loaded decode(byte[] file, String json, String source) {
        ClassifierMetadata metadata = ClassifierMetadata.fromJson(json);
        String hash = sha256(file);
        if (!hash.equals(metadata.weightsSha256())) {
            throw new IllegalArgumentException(source + ": " + WEIGHTS + " has SHA-256 " + hash
                    + " but " + METADATA + " expects " + metadata.weightsSha256());
        }
        if (file.length < SafeTensorsHeader.LENGTH_FIELD_BYTES) {
            throw new IllegalArgumentException(source + ": " + WEIGHTS + " is shorter than 8 bytes");
        }
        ByteBuffer all = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = all.getLong(0);
        if (headerLength < 2 || headerLength > file.length - SafeTensorsHeader.LENGTH_FIELD_BYTES) {
            throw new IllegalArgumentException(source + ": header length " + headerLength + " does not fit the file");
        }
        int dataStart = SafeTensorsHeader.LENGTH_FIELD_BYTES + (int) headerLength;
        byte[] headerJson = Arrays.copyOfRange(file, SafeTensorsHeader.LENGTH_FIELD_BYTES, dataStart);
        SafeTensorsHeader header = SafeTensorsHeader.parse(headerJson, file.length - dataStart, source + "/" + WEIGHTS);
        int buckets = metadata.features().buckets();
        byte[] weights = new byte[buckets * LinearHeads.H];
        tensor(header, all, dataStart, "weight", DType.I8, new long[] {buckets, LinearHeads.H}, source).get(weights);
        float[] scales = floats(tensor(header, all, dataStart, "scale", DType.F32, new long[] {LinearHeads.H}, source));
        float[] biases = floats(tensor(header, all, dataStart, "bias", DType.F32, new long[] {LinearHeads.H}, source));
        float[] context = floats(tensor(header, all, dataStart, "context", DType.F32, new long[] {1}, source));
        return new Loaded(new LinearHeads(metadata.features(), weights, scales, biases, context[0]), metadata);
    }

    private static ByteBuffer tensor(SafeTensorsHeader header, ByteBuffer all, int dataStart, String name,
                                     DType dtype, long[] shape, String source) {
        TensorInfo info = header.tensors().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(source + ": " + WEIGHTS + " has no tensor '" + name + "'"));
        if (info.dtype() != dtype || !Arrays.equals(info.shape(), shape)) {
            throw new IllegalArgumentException(source + ": tensor '" + name + "' is " + info.dtype()
                    + Arrays.toString(info.shape()) + ", expected " + dtype + Arrays.toString(shape));
        }
        ByteBuffer slice = all.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        slice.position(dataStart + (int) info.begin()).limit(dataStart + (int) info.end());
        return slice.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float[] floats(ByteBuffer bytes) {
        float[] out = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(out);
        return out;
    }

    /** Hex SHA-256 of bytes. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
