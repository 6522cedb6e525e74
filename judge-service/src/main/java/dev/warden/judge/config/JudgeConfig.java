package dev.warden.judge.config;

import dev.warden.judge.tiers.LlmJudgeTier;
import dev.warden.judge.tiers.PromptGuard;
import dev.warden.proto.v1.RequestLimit;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of judge-service, under {@code warden.judge.*} (environment variables {@code WARDEN_JUDGE_*}).
 * inference-service's address is the gRPC client {@code inference}: {@code quarkus.grpc.clients.inference.host}
 * and {@code .port} (localhost:9001 by default).
 */
@ConfigMapping(prefix = "warden.judge")
public interface JudgeConfig {

    /** Score at and above which a hazard category, and the verdict, is unsafe; in (0, 1]. */
    @WithDefault("0.5")
    float threshold();

    /**
     * The tiers of the chain, cheapest first: {@code rules}, {@code classifier}, {@code llm-judge}. The LLM
     * judge needs a guard model served by inference-service ({@link LlmJudge#model()}); without one, leave it
     * out (the default), since every unsure text would cost generations for nothing.
     */
    @WithDefault("rules,classifier")
    List<String> tiers();

    /** Tier 1 settings. */
    Rules rules();

    /** Tier 2 settings. */
    Classifier classifier();

    /** Tier 3 settings. */
    LlmJudge llmJudge();

    /** Input limits (INVALID_ARGUMENT beyond them). */
    Limits limits();

    /** The scoring workers. */
    Workers workers();

    /** BiasAudit settings. */
    Audit audit();

    /** AlignmentGeometry settings. */
    Geometry geometry();

    /** Tier 1: rules and lexicons. */
    interface Rules {
        /** A rules score at or above this is sure unsafe (no escalation). */
        @WithDefault("0.8")
        float sureUnsafe();

        /** A rules score below this is sure safe (no escalation), when {@link #decidesSafe()}. */
        @WithDefault("0.25")
        float sureSafe();

        /**
         * Whether the rules' sure-safe results end the chain. Off by default: lexicons miss harmful requests
         * about topics they do not name, so texts the rules find harmless still go to the classifier.
         */
        @WithDefault("false")
        boolean decidesSafe();
    }

    /** Tier 2: the template classifier and the guard library's learned model. */
    interface Classifier {
        /**
         * The operating point at which tier 2 also reads prompts with the guard library's learned model (trained on
         * public prompts): {@code strict}, {@code default} or {@code lenient} (benign false-positive rates of about
         * 5%, 1.5% and 0.5% on its dev split; guard/MODEL-CARD.md), or {@code off} for the template classifier
         * alone.
         */
        @WithDefault(PromptGuard.DEFAULT_POINT)
        String guardPoint();

        /**
         * The guard model's weight in a prompt's score, in [0, 1]; the template classifier has the rest (why 0.8:
         * {@link PromptGuard#DEFAULT_WEIGHT}).
         */
        @WithDefault(PromptGuard.DEFAULT_WEIGHT)
        float guardWeight();

        /**
         * Where the guard model's escalation band starts: {@code escalation} (the model's escalation edge, flagging
         * about 10% of benign dev prompts) or {@code strict} (the strict point, about 5%). A prompt whose any-harm
         * probability lies from there up to the lenient threshold is unsure, and goes to the LLM judge when that tier
         * is configured; a lower edge sends it more harmful prompts and more benign ones ({@link
         * PromptGuard.BandEdge}).
         */
        @WithDefault(PromptGuard.DEFAULT_BAND_EDGE)
        PromptGuard.BandEdge guardBandEdge();
    }

    /** Tier 3: the LLM judge. */
    interface LlmJudge {
        /** The guard model's name on inference-service; empty means its loaded model. */
        Optional<String> model();

        /** How many of the Llama Guard prompt templates to ask (1..3); their agreement is the confidence. */
        @WithDefault("3")
        int templates();

        /** Most tokens of each guard answer ("unsafe\nS1,S10" needs a handful). */
        @WithDefault("16")
        int maxNewTokens();

        /** How long one guard call may take. */
        @WithDefault("30s")
        Duration timeout();

        /**
         * How the guard prompt reaches the model: {@code raw-llama3} (Llama 3 turn format as raw text, for Llama
         * Guard 3 checkpoints, whose own template would wrap the prompt again) or {@code chat} (one user message
         * through the checkpoint's chat template, for instruct models used as judges).
         */
        @WithDefault("raw-llama3")
        LlmJudgeTier.PromptForm promptForm();
    }

    /**
     * Input limits. The defaults are the suite's shared limits ({@code warden.v1.RequestLimit} in the contracts),
     * which the gateway holds to as well, so that whatever it accepts is judged here; they may be raised, not
     * lowered.
     */
    interface Limits {
        /** Most code points of one text (a message, a response, a trace). */
        @WithDefault("" + RequestLimit.REQUEST_LIMIT_MAX_TEXT_CODE_POINTS_VALUE)
        int maxTextCodePoints();

        /** Most messages of a chat prompt. */
        @WithDefault("" + RequestLimit.REQUEST_LIMIT_MAX_MESSAGES_VALUE)
        int maxMessages();

        /** Most items of one ScoreBatch. */
        @WithDefault("64")
        int maxBatch();
    }

    /** Scoring workers (tiers 1 and 2 compute there, never on the event loop). */
    interface Workers {
        /** Worker threads. */
        @WithDefault("2")
        int threads();

        /** Most scoring tasks waiting; one more is RESOURCE_EXHAUSTED. */
        @WithDefault("1024")
        int queue();
    }

    /** AlignmentGeometry settings. */
    interface Geometry {
        /** Most prompts per HiddenStates call (inference-service's max-inputs bounds it). */
        @WithDefault("32")
        int chunk();

        /** How long one HiddenStates call may take. */
        @WithDefault("60s")
        Duration timeout();
    }

    /** BiasAudit settings. */
    interface Audit {
        /** Generations of one audit in flight at once on inference-service. */
        @WithDefault("8")
        int concurrency();

        /** Most requests (pairs x 2 groups x templates) one audit run may generate. */
        @WithDefault("2000")
        int maxRequests();

        /** How long one audit generation may take. */
        @WithDefault("60s")
        Duration timeout();
    }
}
