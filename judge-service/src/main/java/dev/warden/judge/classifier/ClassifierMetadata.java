package dev.warden.judge.classifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What is stored next to the weights ({@code classifier.json}): the feature settings the weights need, the
 * decision thresholds, where the training data came from, and how training went. Example (abridged):
 * <pre>
 * {"format":"warden-judge-classifier/1",
 *  "features":{"scheme":"warden-hash-v2","bits":16,"min_char_gram":3,"max_char_gram":5,"word_bigrams":true},
 *  "thresholds":{"S1":0.5, ..., "REFUSAL":0.5,"HARMFUL_RESPONSE":0.5,"escalate_low":0.2,"escalate_high":0.8,
 *                "response_escalate_low":0.1,"response_escalate_high":0.8},
 *  "corpus":{"seed":20261124,"content_sha256":"...","train_sha256":"...","heldout_sha256":"...",
 *            "train_examples":88000,"heldout_examples":18800},
 *  "training":{"seed":7,"epochs":6,...,"seconds":81.2},
 *  "weights_sha256":"..."}
 * </pre>
 *
 * @param features      feature settings of the weights
 * @param thresholds    decision thresholds and escalation band
 * @param corpus        the corpus trained on
 * @param training      the training run
 * @param weightsSha256 SHA-256 of the weights file
 */
public record ClassifierMetadata(FeatureSettings features, Thresholds thresholds, CorpusInfo corpus,
                                 TrainingInfo training, String weightsSha256) {

    /** The format tag this code reads and writes. */
    public static final String FORMAT = "warden-judge-classifier/1";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The corpus a model was trained on.
     *
     * @param seed            generator seed
     * @param contentSha256   hash of the content files
     * @param trainSha256     hash of the train file
     * @param heldoutSha256   hash of the held-out file
     * @param trainExamples   examples in the train split
     * @param heldoutExamples examples in the held-out split
     */
    public record CorpusInfo(long seed, String contentSha256, String trainSha256, String heldoutSha256,
                             int trainExamples, int heldoutExamples) {
    }

    /**
     * One training run.
     *
     * @param options       the options used
     * @param promptSteps   optimizer steps of the prompt heads
     * @param responseSteps optimizer steps of the response heads
     * @param promptLoss    mean loss of the prompt heads' last epoch
     * @param responseLoss  mean loss of the response heads' last epoch
     * @param seconds       wall-clock time of training (feature extraction included, corpus generation not)
     */
    public record TrainingInfo(TrainingOptions options, int promptSteps, int responseSteps, float promptLoss,
                               float responseLoss, double seconds) {
    }

    /** As indented JSON. */
    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode f = root.putObject("features");
        f.put("scheme", FeatureSettings.SCHEME);
        f.put("bits", features.bits());
        f.put("min_char_gram", features.minCharGram());
        f.put("max_char_gram", features.maxCharGram());
        f.put("word_bigrams", features.wordBigrams());
        ObjectNode t = root.putObject("thresholds");
        for (Head h : Head.values()) {
            t.put(h.name(), thresholds.of(h));
        }
        t.put("escalate_low", thresholds.escalateLow());
        t.put("escalate_high", thresholds.escalateHigh());
        t.put("response_escalate_low", thresholds.responseEscalateLow());
        t.put("response_escalate_high", thresholds.responseEscalateHigh());
        ObjectNode c = root.putObject("corpus");
        c.put("seed", corpus.seed());
        c.put("content_sha256", corpus.contentSha256());
        c.put("train_sha256", corpus.trainSha256());
        c.put("heldout_sha256", corpus.heldoutSha256());
        c.put("train_examples", corpus.trainExamples());
        c.put("heldout_examples", corpus.heldoutExamples());
        ObjectNode r = root.putObject("training");
        TrainingOptions o = training.options();
        r.put("seed", o.seed());
        r.put("epochs", o.epochs());
        r.put("batch_size", o.batchSize());
        r.put("learning_rate", o.learningRate());
        r.put("weight_decay", o.weightDecay());
        r.put("positive_weight", o.positiveWeight());
        r.put("prompt_steps", training.promptSteps());
        r.put("response_steps", training.responseSteps());
        r.put("prompt_loss", training.promptLoss());
        r.put("response_loss", training.responseLoss());
        r.put("seconds", Math.round(training.seconds() * 10) / 10.0);
        root.put("weights_sha256", weightsSha256);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * Parses {@link #toJson} output.
     *
     * @throws IllegalArgumentException if the JSON is malformed, of another format or hashing scheme, or
     *         misses a field
     */
    public static ClassifierMetadata fromJson(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("classifier metadata is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException("classifier metadata format is '" + root.path("format").asText()
                    + "', expected '" + FORMAT + "'");
        }
        JsonNode f = root.path("features");
        if (!FeatureSettings.SCHEME.equals(f.path("scheme").asText())) {
            throw new IllegalArgumentException("weights were hashed with scheme '" + f.path("scheme").asText()
                    + "', this code computes '" + FeatureSettings.SCHEME + "'");
        }
        FeatureSettings features = new FeatureSettings(required(f, "bits").asInt(),
                required(f, "min_char_gram").asInt(), required(f, "max_char_gram").asInt(),
                required(f, "word_bigrams").asBoolean());
        JsonNode t = root.path("thresholds");
        float[] perHead = new float[Head.COUNT];
        for (Head h : Head.values()) {
            perHead[h.ordinal()] = (float) required(t, h.name()).asDouble();
        }
        Thresholds thresholds = new Thresholds(perHead, (float) required(t, "escalate_low").asDouble(),
                (float) required(t, "escalate_high").asDouble(), (float) required(t, "response_escalate_low").asDouble(),
                (float) required(t, "response_escalate_high").asDouble());
        JsonNode c = root.path("corpus");
        CorpusInfo corpus = new CorpusInfo(required(c, "seed").asLong(), required(c, "content_sha256").asText(),
                required(c, "train_sha256").asText(), required(c, "heldout_sha256").asText(),
                required(c, "train_examples").asInt(), required(c, "heldout_examples").asInt());
        JsonNode r = root.path("training");
        TrainingOptions options = new TrainingOptions(required(r, "seed").asLong(), required(r, "epochs").asInt(),
                required(r, "batch_size").asInt(), (float) required(r, "learning_rate").asDouble(),
                (float) required(r, "weight_decay").asDouble(), (float) required(r, "positive_weight").asDouble());
        TrainingInfo training = new TrainingInfo(options, required(r, "prompt_steps").asInt(),
                required(r, "response_steps").asInt(), (float) required(r, "prompt_loss").asDouble(),
                (float) required(r, "response_loss").asDouble(), required(r, "seconds").asDouble());
        return new ClassifierMetadata(features, thresholds, corpus, training,
                required(root, "weights_sha256").asText());
    }

    private static JsonNode required(JsonNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("classifier metadata misses field '" + field + "'");
        }
        return v;
    }
}
