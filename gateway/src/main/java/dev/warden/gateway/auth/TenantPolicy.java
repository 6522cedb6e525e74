package dev.warden.gateway.auth;

import dev.warden.guard.learned.OperatingPoint;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the gateway does for one tenant's requests. Stored per tenant in Redis as JSON
 * ({@link #toJson()}, snake_case names); a tenant without a stored policy gets {@link #defaults()}.
 *
 * @param requestsPerMinute requests each of the tenant's keys may make per minute (token bucket, refilled
 *                          continuously); 1 to {@link #MAX_LIMIT}
 * @param tokensPerMinute prompt plus maximum completion tokens each key may use per minute; 1 to
 *                        {@link #MAX_LIMIT}
 * @param inputRails whether prompts go through the input rails (jailbreak detector, judge)
 * @param outputRails whether responses are judged as they stream and cut on a violation
 * @param defensePrompt whether the defense prompt is injected before generation
 * @param failOpen when the judge or Redis is unreachable: {@code true} allows the request, {@code false}
 *                 (the default) blocks it
 * @param storePromptText whether audit events carry the prompt text (default {@code false}: only
 *                        metadata, categories and scores)
 * @param blockThreshold a request is blocked when the judge's unsafe score is at least this; in (0, 1]
 * @param suffixPerplexity whether the input rails also run the suffix-perplexity rail (the model's
 *                         inference-service scores the tail of the last user message; an improbable tail, the
 *                         mark of optimisation suffixes like GCG's, blocks the prompt); default {@code false}, and
 *                         only where the gateway's {@code warden.gateway.rails.perplexity.enabled} allows it
 * @param railsPoint the operating point the input rails' learned heads (jailbreak, prompt injection) decide at for
 *                   this tenant: {@code strict} (about 5% of benign development prompts flagged per head),
 *                   {@code default} (1.5%) or {@code lenient} (0.5%); {@code null} (the default) keeps the gateway's
 *                   {@code warden.gateway.rails.learned.operating-point}
 * @param injectionOnUserMessages whether the learned injection head also scores this tenant's user messages (of 6
 *                                words or more), not only tool messages: {@code true} catches more direct injections
 *                                at the cost of more benign user prompts blocked (gateway/README.md, "Evaluation"),
 *                                {@code false} leaves user messages to the rules; {@code null} (the default) keeps the
 *                                gateway's {@code warden.gateway.rails.learned.injection-on-user-messages}
 */
public record TenantPolicy(long requestsPerMinute, long tokensPerMinute, boolean inputRails,
                           boolean outputRails, boolean defensePrompt, boolean failOpen,
                           boolean storePromptText, float blockThreshold, boolean suffixPerplexity,
                           OperatingPoint railsPoint, Boolean injectionOnUserMessages) {

    /** The largest requests or tokens per minute a policy may grant: 10^12. */
    public static final long MAX_LIMIT = 1_000_000_000_000L;

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final TenantPolicy DEFAULTS =
            new TenantPolicy(600, 100_000, true, true, true, false, false, 0.5f, false, null, null);

    /** Validates the limits and the threshold. */
    public TenantPolicy {
        requireLimit("requestsPerMinute", requestsPerMinute);
        requireLimit("tokensPerMinute", tokensPerMinute);
        if (!(blockThreshold > 0f && blockThreshold <= 1f)) {
            throw new IllegalArgumentException("blockThreshold must be in (0, 1], got " + blockThreshold);
        }
    }

    /**
     * The policy of a tenant nobody configured: 600 requests and 100,000 tokens per minute per key, input
     * and output rails and the defense prompt on, fail closed, no prompt text in audit events, block at an
     * unsafe score of 0.5, no suffix-perplexity rail, the gateway's operating point and injection-on-user-messages
     * setting for the learned rails.
     */
    public static TenantPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from this policy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Checks a tenant name: 1 to 64 characters of {@code A-Z a-z 0-9 _ . -}, starting with a letter or digit.
     *
     * @return the name
     * @throws IllegalArgumentException when it does not qualify
     */
    public static String requireTenant(String tenant) {
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("a tenant name must be 1 to 64 characters of A-Z a-z 0-9 _ . -"
                    + " starting with a letter or digit, got " + (tenant == null ? "null"
                    : "'" + tenant.replaceAll("\\p{Cntrl}", "?") + "'"));
        }
        return tenant;
    }

    /** The policy as stored in Redis: a JSON object with snake_case names. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("requests_per_minute", requestsPerMinute)
                .put("tokens_per_minute", tokensPerMinute)
                .put("input_rails", inputRails)
                .put("output_rails", outputRails)
                .put("defense_prompt", defensePrompt)
                .put("fail_open", failOpen)
                .put("store_prompt_text", storePromptText)
                .put("block_threshold", blockThreshold)
                .put("suffix_perplexity", suffixPerplexity)
                .put("rails_point", railsPoint == null ? null : railsPoint.json())
                .put("injection_on_user_messages", injectionOnUserMessages);
    }

    /**
     * Reads a policy written by {@link #toJson()}; a missing name takes its value from {@link #defaults()}
     * (policies stored by an older version stay readable), unknown names are ignored. {@code rails_point} is
     * {@code strict}, {@code default}, {@code lenient} or null / absent (the gateway's point);
     * {@code injection_on_user_messages} is {@code true}, {@code false} or null / absent (the gateway's setting).
     *
     * @throws IllegalArgumentException when a value has the wrong type or is out of range
     */
    public static TenantPolicy fromJson(JsonObject json) {
        Objects.requireNonNull(json, "json");
        TenantPolicy d = DEFAULTS;
        try {
            return new TenantPolicy(
                    json.getLong("requests_per_minute", d.requestsPerMinute),
                    json.getLong("tokens_per_minute", d.tokensPerMinute),
                    json.getBoolean("input_rails", d.inputRails),
                    json.getBoolean("output_rails", d.outputRails),
                    json.getBoolean("defense_prompt", d.defensePrompt),
                    json.getBoolean("fail_open", d.failOpen),
                    json.getBoolean("store_prompt_text", d.storePromptText),
                    json.getFloat("block_threshold", d.blockThreshold),
                    json.getBoolean("suffix_perplexity", d.suffixPerplexity),
                    railsPoint(json.getValue("rails_point")),
                    injectionOnUserMessages(json.getValue("injection_on_user_messages")));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("a tenant policy field has the wrong JSON type", e);
        }
    }

    private static OperatingPoint railsPoint(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String name)) {
            throw new IllegalArgumentException("rails_point must be \"strict\", \"default\", \"lenient\" or null, got "
                    + value);
        }
        try {
            return OperatingPoint.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rails_point: " + e.getMessage(), e);
        }
    }

    private static Boolean injectionOnUserMessages(Object value) {
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw new IllegalArgumentException("injection_on_user_messages must be true, false or null, got " + value);
    }

    /**
     * Checks a per-minute limit: 1 to {@link #MAX_LIMIT}.
     *
     * @param name the limit's name, for the message
     * @throws IllegalArgumentException when out of range
     */
    public static void requireLimit(String name, long value) {
        if (value <= 0 || value > MAX_LIMIT) {
            throw new IllegalArgumentException(name + " must be in 1.." + MAX_LIMIT + ", got " + value);
        }
    }

    /** Builds a {@link TenantPolicy} field by field; {@link #build()} validates. */
    public static final class Builder {
        private long requestsPerMinute;
        private long tokensPerMinute;
        private boolean inputRails;
        private boolean outputRails;
        private boolean defensePrompt;
        private boolean failOpen;
        private boolean storePromptText;
        private float blockThreshold;
        private boolean suffixPerplexity;
        private OperatingPoint railsPoint;
        private Boolean injectionOnUserMessages;

        private Builder(TenantPolicy from) {
            requestsPerMinute = from.requestsPerMinute;
            tokensPerMinute = from.tokensPerMinute;
            inputRails = from.inputRails;
            outputRails = from.outputRails;
            defensePrompt = from.defensePrompt;
            failOpen = from.failOpen;
            storePromptText = from.storePromptText;
            blockThreshold = from.blockThreshold;
            suffixPerplexity = from.suffixPerplexity;
            railsPoint = from.railsPoint;
            injectionOnUserMessages = from.injectionOnUserMessages;
        }

        /** Sets {@link TenantPolicy#requestsPerMinute()}. */
        public Builder requestsPerMinute(long value) {
            requestsPerMinute = value;
            return this;
        }

        /** Sets {@link TenantPolicy#tokensPerMinute()}. */
        public Builder tokensPerMinute(long value) {
            tokensPerMinute = value;
            return this;
        }

        /** Sets {@link TenantPolicy#inputRails()}. */
        public Builder inputRails(boolean value) {
            inputRails = value;
            return this;
        }

        /** Sets {@link TenantPolicy#outputRails()}. */
        public Builder outputRails(boolean value) {
            outputRails = value;
            return this;
        }

        /** Sets {@link TenantPolicy#defensePrompt()}. */
        public Builder defensePrompt(boolean value) {
            defensePrompt = value;
            return this;
        }

        /** Sets {@link TenantPolicy#failOpen()}. */
        public Builder failOpen(boolean value) {
            failOpen = value;
            return this;
        }

        /** Sets {@link TenantPolicy#storePromptText()}. */
        public Builder storePromptText(boolean value) {
            storePromptText = value;
            return this;
        }

        /** Sets {@link TenantPolicy#blockThreshold()}. */
        public Builder blockThreshold(float value) {
            blockThreshold = value;
            return this;
        }

        /** Sets {@link TenantPolicy#suffixPerplexity()}. */
        public Builder suffixPerplexity(boolean value) {
            suffixPerplexity = value;
            return this;
        }

        /** Sets {@link TenantPolicy#railsPoint()} (null: the gateway's). */
        public Builder railsPoint(OperatingPoint value) {
            railsPoint = value;
            return this;
        }

        /** Sets {@link TenantPolicy#injectionOnUserMessages()} (null: the gateway's). */
        public Builder injectionOnUserMessages(Boolean value) {
            injectionOnUserMessages = value;
            return this;
        }

        /** The policy; validates as the record's constructor does. */
        public TenantPolicy build() {
            return new TenantPolicy(requestsPerMinute, tokensPerMinute, inputRails, outputRails, defensePrompt,
                    failOpen, storePromptText, blockThreshold, suffixPerplexity, railsPoint,
                    injectionOnUserMessages);
        }
    }
}
