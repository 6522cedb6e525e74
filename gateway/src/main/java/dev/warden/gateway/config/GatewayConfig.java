package dev.warden.gateway.config;

import dev.warden.proto.v1.RequestLimit;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the gateway, under {@code warden.gateway.*} (environment variables
 * {@code WARDEN_GATEWAY_*}). Redis itself is {@code quarkus.redis.hosts}; the HTTP port
 * {@code quarkus.http.port}. {@link ConfigCheck} validates the values at startup.
 */
@ConfigMapping(prefix = "warden.gateway")
public interface GatewayConfig {

    /**
     * The bearer token of the admin API ({@code /admin/*}), at least 16 characters. Absent: the admin API
     * refuses every call (401).
     */
    Optional<String> adminToken();

    /**
     * The models served, by the name clients put in {@code model}: for example
     * {@code warden.gateway.models."demo-aligned".target=inference:9001}. {@code GET /v1/models} lists them.
     */
    Map<String, ModelRoute> models();

    /** judge-service, which the input rails, the output rails and {@code /v1/moderations} call. */
    Judge judge();

    /** inference-service calls. */
    Inference inference();

    /** API key authentication. */
    Auth auth();

    /** The gateway's Redis state (keys, policies, rate limits, audit). */
    Redis redis();

    /** The audit stream. */
    Audit audit();

    /** Request limits (400 or 413 beyond them). */
    Limits limits();

    /** Rail settings that are not per tenant (the tenant policy switches rails on and off). */
    Rails rails();

    /** One route: a model name to an inference-service address. */
    interface ModelRoute {
        /**
         * {@code host:port} of the inference-service serving this model. The gateway resolves the host through
         * DNS and balances calls round-robin over every address it returns (a Kubernetes headless service gives
         * one address per replica). Routes with the same target share one gRPC channel.
         */
        String target();

        /** The model name to send upstream; absent means the model loaded at the target, whatever its name. */
        Optional<String> upstreamModel();

        /** Who owns the model, for {@code GET /v1/models}. */
        @WithDefault("warden")
        String ownedBy();
    }

    /** judge-service settings. */
    interface Judge {
        /** {@code host:port} of judge-service (resolved and balanced like model targets). */
        @WithDefault("localhost:9002")
        String target();

        /** How long one Score call may take before it counts as the judge being unavailable. */
        @WithDefault("2s")
        Duration timeout();

        /**
         * The most expensive judge tier the input rail may use: {@code rules}, {@code classifier},
         * {@code llm-judge}, or {@code chain} for the judge's configured chain.
         */
        @WithDefault("chain")
        String inputMaxTier();

        /**
         * The most expensive judge tier each output window may use (windows are judged while the response
         * streams, so a cheap tier keeps the stream fluent); values as for {@link #inputMaxTier()}.
         */
        @WithDefault("classifier")
        String outputMaxTier();
    }

    /** inference-service settings. */
    interface Inference {
        /** How long one Generate call may take, from the request to the last token. */
        @WithDefault("5m")
        Duration timeout();

        /** The {@code Retry-After} sent with a 503 when an upstream or Redis is unavailable. */
        @WithDefault("1s")
        Duration retryAfter();
    }

    /** Authentication settings. */
    interface Auth {
        /**
         * How long a successful authentication (the key's record and its tenant's policy) is reused without asking
         * Redis; 0 disables the cache. The admin API drops the entries it changes on the replica that serves it;
         * other replicas see a revocation or a policy change within this time.
         */
        @WithDefault("5s")
        Duration cacheTtl();

        /** The most cached authentications per replica. */
        @WithDefault("100000")
        int cacheSize();
    }

    /** Redis settings. */
    interface Redis {
        /** Prefix of every key the gateway writes (several deployments can share one Redis). */
        @WithDefault("warden:")
        String namespace();

        /** How long one Redis call may take before it counts as Redis being unavailable. */
        @WithDefault("1s")
        Duration timeout();
    }

    /** Audit settings. */
    interface Audit {
        /** Whether one event per authenticated request is appended to the audit stream. */
        @WithDefault("true")
        boolean enabled();

        /** About how many events the audit stream keeps (older ones are trimmed). */
        @WithDefault("1000000")
        long maxLength();
    }

    /** Request limits. */
    interface Limits {
        /** The largest request body in bytes; larger is 413. */
        @WithDefault("1048576")
        int maxRequestBytes();

        /**
         * The most messages of one chat request; more is 400. At most the suite's shared limit
         * ({@code warden.v1.RequestLimit} in the contracts: 64), which judge-service also holds to.
         */
        @WithDefault("" + RequestLimit.REQUEST_LIMIT_MAX_MESSAGES_VALUE)
        int maxMessages();

        /**
         * The most characters (code points) of one message; more is 413. At most the suite's shared limit
         * ({@code warden.v1.RequestLimit}: 32,768 code points per text), which judge-service also holds to.
         */
        @WithDefault("" + RequestLimit.REQUEST_LIMIT_MAX_TEXT_CODE_POINTS_VALUE)
        int maxMessageChars();

        /** The most characters (code points) of all messages together; more is 413. */
        @WithDefault("262144")
        int maxPromptChars();

        /** The longest request target (path and query) in bytes; longer is 414. */
        @WithDefault("8192")
        int maxUriBytes();

        /** The most bytes of all request headers (names and values); more is 431. */
        @WithDefault("16384")
        int maxHeaderBytes();

        /** The completion budget when a request sets no {@code max_tokens}: sent upstream and reserved. */
        @WithDefault("1024")
        int defaultMaxTokens();

        /** The largest {@code max_tokens} a request may ask for; more is 400. */
        @WithDefault("32768")
        int maxTokens();

        /** The most stop sequences of one request. */
        @WithDefault("4")
        int maxStop();

        /** The most inputs of one {@code /v1/moderations} request. */
        @WithDefault("32")
        int maxModerationInputs();
    }

    /** Rail settings. */
    interface Rails {
        /** The jailbreak detector's score at and above which a prompt is blocked, in (0, 1]. */
        @WithDefault("0.5")
        double jailbreakThreshold();

        /**
         * Output rails judge the response every this many generated tokens (and at its end); text is released
         * to the client only once its window was judged safe.
         */
        @WithDefault("64")
        int outputWindowTokens();

        /** The most trailing characters of a response sent with each output window (the judge's input cap). */
        @WithDefault("16000")
        int outputJudgedChars();

        /**
         * Prompts of more characters than this are scanned by the jailbreak detector on a worker thread instead
         * of the event loop.
         */
        @WithDefault("16384")
        int detectorOffloadChars();

        /** The suffix-perplexity rail ({@code rails.perplexity.*}). */
        Perplexity perplexity();

        /** The learned guard model's jailbreak and injection heads beside the rules ({@code rails.learned.*}). */
        Learned learned();
    }

    /** The learned jailbreak / prompt-injection heads of the input rails (guard's {@code GuardModel}). */
    interface Learned {
        /** Whether the learned heads score user and tool messages beside the rule-based detector. */
        @WithDefault("true")
        boolean enabled();

        /**
         * The calibrated operating point the heads decide at: {@code strict} (about 5% of benign prompts
         * flagged per head on the development split), {@code default} (1.5%) or {@code lenient} (0.5%).
         */
        @WithDefault("default")
        String operatingPoint();

        /**
         * Whether the injection head also scores user messages (of 6 words or more), not only tool messages: direct
         * injections typed by the user are then the head's too, not only the rules', at the cost of more benign
         * user prompts blocked (gateway/README.md, "Evaluation"). Off by default. A tenant's policy may choose
         * otherwise for its requests ({@code injection_on_user_messages}).
         */
        @WithDefault("false")
        boolean injectionOnUserMessages();
    }

    /**
     * The suffix-perplexity input rail: optimisation attacks (GCG and kin) append a suffix of token salad that the
     * model itself finds very improbable. For a tenant whose policy sets {@code suffix_perplexity}, the gateway
     * sends the tail of the last user message to the routed model's inference-service ({@code Inference/Score},
     * in parallel with the judge and the detector), reads the per-token log-probabilities, and scores the last
     * {@link #windowTokens()} tokens against the tokens before them ({@link dev.warden.gateway.rails.PerplexitySignal}):
     * the score is the smaller of two ramps, the tail's mean negative log-probability (NLL, nats per token) from
     * {@link #tailNllLow()} to {@link #tailNllHigh()}, and the tail's excess over the head from
     * {@link #contrastLow()} to {@link #contrastHigh()}. At {@link #threshold()} or above the prompt is blocked
     * (400 {@code content_filter}, category {@code adversarial_suffix}). When Score fails the tenant's
     * {@code fail_open} decides, as for the judge (fail closed: 503 {@code inference_unavailable}).
     *
     * <p>The ramps' defaults suit a GPT-2-class or larger model on English (natural prompts stay below NLL 5, GCG
     * suffixes reach 7 and more); for another model, measure its NLL on ordinary prompts and shift them.
     */
    interface Perplexity {
        /**
         * Whether the rail may run at all. {@code false} turns it off for every tenant whatever their policy (for
         * inference-services without Score, or to shed its cost).
         */
        @WithDefault("true")
        boolean enabled();

        /** The suffix score in [0, 1] at and above which a prompt is blocked; in (0, 1]. */
        @WithDefault("0.5")
        double threshold();

        /** Tokens in the scored tail (GCG suffixes are about 20 tokens); at least 1. */
        @WithDefault("20")
        int windowTokens();

        /**
         * The most trailing characters of the last user message sent to Score (cut at a space when one is near):
         * bounds the cost of the forward pass; the head the tail is compared with is what precedes the tail in them.
         */
        @WithDefault("1024")
        int scoredChars();

        /**
         * Last user messages shorter than this (in characters, trimmed) are not scored: too short for a suffix and
         * a head to compare it with. At most {@link #scoredChars()}.
         */
        @WithDefault("64")
        int minChars();

        /** How long one Score call may take before the rail counts as unavailable. */
        @WithDefault("2s")
        Duration timeout();

        /** Tail NLL (nats per token) where the tail ramp starts rising from 0. */
        @WithDefault("5.0")
        double tailNllLow();

        /** Tail NLL where the tail ramp reaches 1; above {@link #tailNllLow()}. */
        @WithDefault("7.5")
        double tailNllHigh();

        /** Tail minus head NLL where the contrast ramp starts rising from 0. */
        @WithDefault("1.5")
        double contrastLow();

        /** Tail minus head NLL where the contrast ramp reaches 1; above {@link #contrastLow()}. */
        @WithDefault("3.5")
        double contrastHigh();
    }
}
