package dev.warden.guard.learned;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What is stored next to the weights ({@code guard-model.json}): the feature settings, the calibrated
 * operating points, and free-form records of the data, the training run and the test metrics (kept for
 * the model card; inference reads only the first two). Example (abridged):
 * <pre>
 * {"format":"warden-guard-model/1",
 *  "features":{"scheme":"guard-hash-v1/icu-nfkc-casefold","bits":17,"min_gram":3,"max_gram":5},
 *  "category_threshold":0.5,
 *  "operating_points":{"default":{"benign_fpr":0.015,"ANY_HARM":0.31,"JAILBREAK":0.02,"INJECTION":0.12}, ...},
 *  "escalation":{"benign_fpr":0.10,"ANY_HARM":0.05,"JAILBREAK":0.004,"INJECTION":0.05},
 *  "data":{...}, "training":{...}, "test":{...}, "weights_sha256":"..."}
 * </pre>
 *
 * <p>The optional {@code escalation} section is the lower edge of a cascade's escalation band: a wider
 * calibrated point (about 10% of benign dev prompts per head) from which a caller that has a costlier judge
 * behind the model hands a prompt on as unsure, up to the lenient point. It is not an {@link OperatingPoint}:
 * no tenant blocks at it. Files without it (written before it existed) read as having the strict point there
 * ({@link #escalationThreshold}), so their callers keep their behaviour.
 *
 * @param features          feature settings of the weights; JSON {@code features}: {@code scheme} ({@link
 *                          GuardFeatures#scheme()}), {@code bits}, {@code min_gram}, {@code max_gram}, and {@code
 *                          sentence_starts} when it is not 0 (absent in older files: 0), {@code sentence_weight} when
 *                          it is not 1
 * @param injectionWindow   chars of the windows the injection head also reads (0: the whole text only; see
 *                          {@link GuardModel}); JSON {@code features.injection_window}, absent in older files (0)
 * @param hidden            the width H of the hidden layer of a hidden-layer model ({@link GuardModel}, "Hidden
 *                          layer"), 0 for the linear model; JSON {@code "model":{"kind":"hidden","hidden_units":H}},
 *                          absent for a linear model (older files are linear)
 * @param categoryThreshold probability at which a category head names its category
 * @param points            per operating point: the benign FPR target and a threshold per decision head
 * @param escalation        the escalation band's lower edge: a benign FPR above the strict point's and a
 *                          threshold per decision head at or below the strict point's; empty when the file has
 *                          none (the strict point is the edge)
 * @param records           the data / training / test records (free-form JSON, may be empty)
 * @param weightsSha256     SHA-256 of the weights file
 */
public record GuardMetadata(GuardFeatures features, int injectionWindow, int hidden, float categoryThreshold,
                            Map<OperatingPoint, Point> points, Optional<Point> escalation, ObjectNode records,
                            String weightsSha256) {

    /** The format tag. */
    public static final String FORMAT = "warden-guard-model/1";
    /** The JSON name of the escalation band's lower edge. */
    public static final String ESCALATION = "escalation";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One operating point.
     *
     * @param benignFpr  the share of benign development prompts each head may flag
     * @param thresholds one threshold per decision head, in {@link GuardHead#DECISIONS} order
     */
    public record Point(double benignFpr, float[] thresholds) {
        /** Validates. */
        public Point {
            if (thresholds.length != GuardHead.DECISIONS.length) {
                throw new IllegalArgumentException("need " + GuardHead.DECISIONS.length + " thresholds");
            }
            for (float t : thresholds) {
                if (!(t > 0f && t < 1f)) {
                    throw new IllegalArgumentException("thresholds must be in (0, 1), got " + t);
                }
            }
            thresholds = thresholds.clone();
        }
    }

    /** The largest hidden layer: {@code SwarRowSums} rows of at most 256 bytes. */
    public static final int MAX_HIDDEN = 256;

    /** The metadata of a linear model, without an escalation edge. */
    public GuardMetadata(GuardFeatures features, int injectionWindow, float categoryThreshold,
                         Map<OperatingPoint, Point> points, ObjectNode records, String weightsSha256) {
        this(features, injectionWindow, 0, categoryThreshold, points, records, weightsSha256);
    }

    /** The metadata without an escalation edge (the strict point is the band's edge). */
    public GuardMetadata(GuardFeatures features, int injectionWindow, int hidden, float categoryThreshold,
                         Map<OperatingPoint, Point> points, ObjectNode records, String weightsSha256) {
        this(features, injectionWindow, hidden, categoryThreshold, points, Optional.empty(), records, weightsSha256);
    }

    /**
     * Validates: every operating point present; an escalation edge, if any, wider than the strict point (a higher
     * benign FPR, below 1, and every threshold at or below the strict one).
     */
    public GuardMetadata {
        for (OperatingPoint p : OperatingPoint.values()) {
            if (!points.containsKey(p)) {
                throw new IllegalArgumentException("operating point '" + p.json() + "' is missing");
            }
        }
        if (injectionWindow != 0 && (injectionWindow < 16 || injectionWindow % 2 != 0)) {
            throw new IllegalArgumentException("the injection window is 0 or an even number of chars >= 16, got "
                    + injectionWindow);
        }
        if (hidden < 0 || hidden != 0 && (hidden % 8 != 0 || hidden > MAX_HIDDEN)) {
            throw new IllegalArgumentException("the hidden layer is 0 (linear) or a multiple of 8 up to " + MAX_HIDDEN
                    + " units, got " + hidden);
        }
        if (hidden != 0 && injectionWindow != 0) {
            throw new IllegalArgumentException("a hidden-layer model reads no injection window");
        }
        points = Map.copyOf(points);
        escalation = Objects.requireNonNull(escalation, "escalation");
        if (escalation.isPresent()) {
            checkEscalation(escalation.get(), points.get(OperatingPoint.STRICT));
        }
        records = records == null ? MAPPER.createObjectNode() : records.deepCopy();
    }

    /** The threshold of a decision head at an operating point. */
    public float threshold(GuardHead head, OperatingPoint point) {
        return points.get(point).thresholds()[decision(head)];
    }

    /** The index of a decision head in {@link GuardHead#DECISIONS}. */
    private static int decision(GuardHead head) {
        for (int i = 0; i < GuardHead.DECISIONS.length; i++) {
            if (GuardHead.DECISIONS[i] == head) {
                return i;
            }
        }
        throw new IllegalArgumentException(head + " is not a decision head");
    }

    private static void checkEscalation(Point edge, Point strict) {
        if (!(edge.benignFpr() > strict.benignFpr() && edge.benignFpr() < 1.0)) {
            throw new IllegalArgumentException("the escalation edge's benign FPR must lie above the strict point's "
                    + strict.benignFpr() + " and below 1, got " + edge.benignFpr());
        }
        for (int i = 0; i < GuardHead.DECISIONS.length; i++) {
            if (edge.thresholds()[i] > strict.thresholds()[i]) {
                throw new IllegalArgumentException("the escalation edge's " + GuardHead.DECISIONS[i] + " threshold "
                        + edge.thresholds()[i] + " lies above the strict point's " + strict.thresholds()[i]);
            }
        }
    }

    /**
     * The threshold of a decision head at the escalation band's lower edge: the {@code escalation} section's, or
     * the strict point's when the file has none.
     */
    public float escalationThreshold(GuardHead head) {
        return escalation.isEmpty() ? threshold(head, OperatingPoint.STRICT)
                : escalation.get().thresholds()[decision(head)];
    }

    /** The same metadata with another weights hash. */
    public GuardMetadata withWeightsSha256(String sha) {
        return new GuardMetadata(features, injectionWindow, hidden, categoryThreshold, points, escalation, records, sha);
    }

    /** The same metadata with this escalation edge (empty: none, the strict point is the edge). */
    public GuardMetadata withEscalation(Optional<Point> edge) {
        return new GuardMetadata(features, injectionWindow, hidden, categoryThreshold, points, edge, records,
                weightsSha256);
    }

    /** Whether this is a hidden-layer model. */
    public boolean isHidden() {
        return hidden > 0;
    }

    /** As indented JSON. */
    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        if (hidden > 0) {
            ObjectNode kind = root.putObject("model");
            kind.put("kind", "hidden");
            kind.put("hidden_units", hidden);
        }
        ObjectNode f = root.putObject("features");
        f.put("scheme", features.scheme());
        f.put("bits", features.bits());
        f.put("min_gram", features.minGram());
        f.put("max_gram", features.maxGram());
        if (features.sentenceStarts() > 0) {
            f.put("sentence_starts", features.sentenceStarts());
        }
        if (features.sentenceWeight() != 1) {
            f.put("sentence_weight", features.sentenceWeight());
        }
        if (injectionWindow > 0) {
            f.put("injection_window", injectionWindow);
        }
        root.put("category_threshold", categoryThreshold);
        ObjectNode ops = root.putObject("operating_points");
        for (OperatingPoint p : OperatingPoint.values()) {
            put(ops.putObject(p.json()), points.get(p));
        }
        escalation.ifPresent(e -> put(root.putObject(ESCALATION), e));
        records.fields().forEachRemaining(e -> root.set(e.getKey(), e.getValue()));
        root.put("weights_sha256", weightsSha256);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static void put(ObjectNode o, Point point) {
        o.put("benign_fpr", point.benignFpr());
        for (int i = 0; i < GuardHead.DECISIONS.length; i++) {
            o.put(GuardHead.DECISIONS[i].name(), point.thresholds()[i]);
        }
    }

    private static Point point(JsonNode o) {
        float[] t = new float[GuardHead.DECISIONS.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) required(o, GuardHead.DECISIONS[i].name()).asDouble();
        }
        return new Point(required(o, "benign_fpr").asDouble(), t);
    }

    /**
     * Parses {@link #toJson} output.
     *
     * @throws IllegalArgumentException if malformed, of another format or scheme, or a field is missing
     */
    public static GuardMetadata fromJson(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("guard model metadata is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException("guard model metadata format is not '" + FORMAT + "'");
        }
        JsonNode f = root.path("features");
        GuardFeatures features = new GuardFeatures(required(f, "bits").asInt(), required(f, "min_gram").asInt(),
                required(f, "max_gram").asInt(), f.path("sentence_starts").asInt(0), f.path("sentence_weight").asInt(1));
        if (!features.scheme().equals(f.path("scheme").asText())) {
            throw new IllegalArgumentException("weights were hashed with scheme '" + f.path("scheme").asText()
                    + "', this code computes '" + features.scheme() + "'");
        }
        Map<OperatingPoint, Point> points = new EnumMap<>(OperatingPoint.class);
        JsonNode ops = root.path("operating_points");
        for (OperatingPoint p : OperatingPoint.values()) {
            points.put(p, point(ops.path(p.json())));
        }
        Optional<Point> escalation = root.hasNonNull(ESCALATION) ? Optional.of(point(root.get(ESCALATION)))
                : Optional.empty();
        ObjectNode records = MAPPER.createObjectNode();
        for (String key : new String[] {"data", "training", "test"}) {
            if (root.has(key)) {
                records.set(key, root.get(key));
            }
        }
        String kind = root.path("model").path("kind").asText("linear");
        int hidden = switch (kind) {
            case "linear" -> 0;
            case "hidden" -> required(root.path("model"), "hidden_units").asInt();
            default -> throw new IllegalArgumentException("unknown guard model kind '" + kind + "'");
        };
        return new GuardMetadata(features, f.path("injection_window").asInt(0), hidden,
                (float) required(root, "category_threshold").asDouble(), points, escalation, records,
                required(root, "weights_sha256").asText());
    }

    /** A fresh JSON object for records. */
    public static ObjectNode newRecords() {
        return MAPPER.createObjectNode();
    }

    private static JsonNode required(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("guard model metadata misses field '" + field + "'");
        }
        return v;
    }
}
