package dev.warden.inference.metrics;

import dev.warden.model.serve.SchedulerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's metrics, with conventional names (as vLLM and TGI name theirs) and one tag, {@code model}
 * (plus {@code outcome}, from {@link RequestOutcome}, on the requests counter). A model's meters are
 * created when it starts serving. In Prometheus format ({@code /q/metrics}):
 * <ul>
 *   <li>{@code warden_inference_time_to_first_token_seconds} histogram: arrival to first token</li>
 *   <li>{@code warden_inference_inter_token_latency_seconds} histogram: between consecutive tokens</li>
 *   <li>{@code warden_inference_e2e_request_latency_seconds} histogram: arrival to end</li>
 *   <li>{@code warden_inference_request_queue_time_seconds} histogram: arrival to the first decode step</li>
 *   <li>{@code warden_inference_requests_running} / {@code _waiting} gauges</li>
 *   <li>{@code warden_inference_prompt_tokens_total} / {@code warden_inference_generation_tokens_total}</li>
 *   <li>{@code warden_inference_requests_total{outcome}}: finished generations by outcome</li>
 *   <li>{@code warden_inference_decode_batch_size} histogram: sequences sharing each decode pass (how much
 *       continuous batching is paying)</li>
 * </ul>
 */
public final class InferenceMetrics {

    /** Meter names (Micrometer dotted form; Prometheus adds units and suffixes). */
    public static final String TIME_TO_FIRST_TOKEN = "warden.inference.time.to.first.token";
    /** See the class comment. */
    public static final String INTER_TOKEN_LATENCY = "warden.inference.inter.token.latency";
    /** See the class comment. */
    public static final String E2E_LATENCY = "warden.inference.e2e.request.latency";
    /** See the class comment. */
    public static final String QUEUE_TIME = "warden.inference.request.queue.time";
    /** See the class comment. */
    public static final String RUNNING = "warden.inference.requests.running";
    /** See the class comment. */
    public static final String WAITING = "warden.inference.requests.waiting";
    /** See the class comment. */
    public static final String PROMPT_TOKENS = "warden.inference.prompt.tokens";
    /** See the class comment. */
    public static final String GENERATION_TOKENS = "warden.inference.generation.tokens";
    /** See the class comment. */
    public static final String REQUESTS = "warden.inference.requests";
    /** See the class comment. */
    public static final String DECODE_BATCH_SIZE = "warden.inference.decode.batch.size";

    private static final String MODEL = "model";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, ModelMeters> byModel = new ConcurrentHashMap<>();

    /** Metrics registered in {@code registry}. */
    public InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of {@code model}, registered on first use. */
    public ModelMeters forModel(String model) {
        return byModel.computeIfAbsent(model, ModelMeters::new);
    }

    private Timer timer(String name, String description, String model, Duration min, Duration max) {
        return Timer.builder(name).description(description).tag(MODEL, model)
                .publishPercentileHistogram().minimumExpectedValue(min).maximumExpectedValue(max)
                .register(registry);
    }

    /** One model's meters. */
    public final class ModelMeters {

        private final String model;
        private final Timer timeToFirstToken;
        private final Timer interTokenLatency;
        private final Timer e2eLatency;
        private final Timer queueTime;
        private final Counter promptTokens;
        private final Counter generationTokens;
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger waiting = new AtomicInteger();
        private final DistributionSummary decodeBatchSize;

        private ModelMeters(String model) {
            this.model = model;
            timeToFirstToken = timer(TIME_TO_FIRST_TOKEN, "Arrival to first generated token", model,
                    Duration.ofMillis(1), Duration.ofSeconds(60));
            interTokenLatency = timer(INTER_TOKEN_LATENCY, "Time between consecutive generated tokens", model,
                    Duration.ofMillis(1), Duration.ofSeconds(10));
            e2eLatency = timer(E2E_LATENCY, "Arrival to the end of a generation", model,
                    Duration.ofMillis(1), Duration.ofMinutes(10));
            queueTime = timer(QUEUE_TIME, "Arrival to the first decode step including the request", model,
                    Duration.ofMillis(1), Duration.ofSeconds(60));
            promptTokens = Counter.builder(PROMPT_TOKENS).description("Prompt tokens of generation requests")
                    .tag(MODEL, model).register(registry);
            generationTokens = Counter.builder(GENERATION_TOKENS).description("Generated tokens")
                    .tag(MODEL, model).register(registry);
            Gauge.builder(RUNNING, running, AtomicInteger::get).description("Generations decoding now")
                    .tag(MODEL, model).strongReference(true).register(registry);
            Gauge.builder(WAITING, waiting, AtomicInteger::get).description("Generations waiting to start")
                    .tag(MODEL, model).strongReference(true).register(registry);
            decodeBatchSize = DistributionSummary.builder(DECODE_BATCH_SIZE)
                    .description("Sequences decoded together in one forward pass").tag(MODEL, model)
                    .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
            for (RequestOutcome outcome : RequestOutcome.values()) {
                requests(outcome); // every outcome visible from the start, at 0
            }
        }

        private Counter requests(RequestOutcome outcome) {
            return Counter.builder(REQUESTS).description("Finished generation requests by outcome")
                    .tag(MODEL, model).tag("outcome", outcome.tag()).register(registry);
        }

        /** A request arrived and waits. */
        public void arrived() {
            waiting.incrementAndGet();
        }

        /** A waiting request starts decoding after {@code queueNanos}. */
        public void started(long queueNanos) {
            waiting.decrementAndGet();
            running.incrementAndGet();
            queueTime.record(queueNanos, TimeUnit.NANOSECONDS);
        }

        /** The first token came {@code nanos} after arrival. */
        public void firstToken(long nanos) {
            timeToFirstToken.record(nanos, TimeUnit.NANOSECONDS);
        }

        /** A token came {@code nanos} after the previous one. */
        public void nextToken(long nanos) {
            interTokenLatency.record(nanos, TimeUnit.NANOSECONDS);
        }

        /**
         * A request ended.
         *
         * @param started whether it had started decoding (else it was still waiting)
         * @param totalNanos arrival to end, or negative when not to be recorded (rejected before running)
         */
        public void ended(boolean started, RequestOutcome outcome, int prompt, int generated, long totalNanos) {
            (started ? running : waiting).decrementAndGet();
            promptTokens.increment(prompt);
            generationTokens.increment(generated);
            if (totalNanos >= 0) {
                e2eLatency.record(totalNanos, TimeUnit.NANOSECONDS);
            }
            requests(outcome).increment();
        }

        /** The hooks a batch scheduler of this model reports its decode passes to. */
        public SchedulerMetrics schedulerHooks() {
            return new SchedulerMetrics() {
                @Override
                public void decodeStep(int sequences, Duration duration) {
                    decodeBatchSize.record(sequences);
                }
            };
        }

        /** Generations decoding now. */
        public int running() {
            return running.get();
        }

        /** Generations waiting to start. */
        public int waiting() {
            return waiting.get();
        }
    }
}
