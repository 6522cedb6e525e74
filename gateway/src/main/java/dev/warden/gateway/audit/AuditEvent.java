package dev.warden.gateway.audit;

import dev.warden.gateway.auth.ApiKey;
import dev.warden.gateway.auth.TenantPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the gateway decided about one request, for the audit stream. Build one with
 * {@link #builder(String, AuditAction)}; the prompt text can only be attached together with the tenant's
 * policy, which decides whether it is kept ({@link Builder#prompt(String, TenantPolicy)}).
 * {@link #toString()} shows the prompt's length, not its text.
 *
 * @param requestId the request's id (1 to 128 characters, no whitespace or control characters)
 * @param tenant the tenant, or {@code null} when the request was not authenticated
 * @param keyId the API key's id (never the key), or {@code null}
 * @param model the model asked for, or {@code null} when unknown
 * @param action what was done
 * @param railsFired the rails that fired (for example {@code jailbreak}, {@code judge-input}), in order
 * @param categories the hazard categories found (for example {@code S1}), in order
 * @param scores named scores in [0, 1] or any finite value (for example {@code unsafe -> 0.93})
 * @param latenciesMs named latencies in milliseconds (for example {@code judge -> 12}, {@code total -> 480})
 * @param promptText the prompt, or {@code null} (the tenant's policy does not store prompts); at most
 *                   {@link #MAX_PROMPT_CHARS} characters
 */
public record AuditEvent(String requestId, String tenant, String keyId, String model, AuditAction action,
                         List<String> railsFired, List<String> categories, Map<String, Double> scores,
                         Map<String, Long> latenciesMs, String promptText) {

    /** The longest prompt text an event keeps; the builder cuts longer prompts to this. */
    public static final int MAX_PROMPT_CHARS = 32_768;

    private static final Pattern REQUEST_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");
    private static final int MAX_MODEL_CHARS = 256;

    /** Validates every component and freezes the collections. */
    public AuditEvent {
        if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
            throw new IllegalArgumentException("requestId must be 1 to 128 printable ASCII characters without"
                    + " spaces, got " + (requestId == null ? "null" : requestId.length() + " characters"));
        }
        if (tenant != null) {
            TenantPolicy.requireTenant(tenant);
        }
        if (keyId != null) {
            ApiKey.requireKeyId(keyId);
        }
        if (model != null && (model.isEmpty() || model.length() > MAX_MODEL_CHARS
                || model.codePoints().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("model must be 1 to " + MAX_MODEL_CHARS
                    + " characters without control characters");
        }
        Objects.requireNonNull(action, "action");
        railsFired = names("railsFired", railsFired);
        categories = names("categories", categories);
        scores = frozen("scores", scores, v -> Double.isFinite(v), "finite");
        latenciesMs = frozen("latenciesMs", latenciesMs, v -> v >= 0, ">= 0");
        if (promptText != null && promptText.length() > MAX_PROMPT_CHARS) {
            throw new IllegalArgumentException("promptText has " + promptText.length() + " characters, more than "
                    + MAX_PROMPT_CHARS);
        }
    }

    /** A builder for request {@code requestId}, decided {@code action}. */
    public static Builder builder(String requestId, AuditAction action) {
        return new Builder(requestId, action);
    }

    /** The components, with the prompt's length instead of its text. */
    @Override
    public String toString() {
        return "AuditEvent[requestId=" + requestId + ", tenant=" + tenant + ", keyId=" + keyId + ", model=" + model
                + ", action=" + action + ", railsFired=" + railsFired + ", categories=" + categories
                + ", scores=" + scores + ", latenciesMs=" + latenciesMs + ", promptText="
                + (promptText == null ? "null" : "<" + promptText.length() + " chars>") + "]";
    }

    private static List<String> names(String what, List<String> values) {
        Objects.requireNonNull(values, what);
        for (String value : values) {
            requireName(what, value);
        }
        return List.copyOf(values);
    }

    private static <V> Map<String, V> frozen(String what, Map<String, V> values,
                                            java.util.function.Predicate<V> valid, String rule) {
        Objects.requireNonNull(values, what);
        Map<String, V> copy = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            requireName(what, name);
            if (value == null || !valid.test(value)) {
                throw new IllegalArgumentException(what + " '" + name + "' must be " + rule + ", got " + value);
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static void requireName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("each name in " + what
                    + " must be 1 to 64 characters of A-Z a-z 0-9 _ . : / -, got "
                    + (name == null ? "null" : "'" + name.replaceAll("\\p{Cntrl}", "?") + "'"));
        }
    }

    /** Collects an {@link AuditEvent}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final String requestId;
        private final AuditAction action;
        private String tenant;
        private String keyId;
        private String model;
        private final List<String> railsFired = new ArrayList<>();
        private final List<String> categories = new ArrayList<>();
        private final Map<String, Double> scores = new LinkedHashMap<>();
        private final Map<String, Long> latenciesMs = new LinkedHashMap<>();
        private String promptText;

        private Builder(String requestId, AuditAction action) {
            this.requestId = requestId;
            this.action = action;
        }

        /** The tenant (null for an unauthenticated request). */
        public Builder tenant(String value) {
            tenant = value;
            return this;
        }

        /** The API key's id, {@link ApiKey#keyId()} (a whole key is rejected at {@link #build()}). */
        public Builder keyId(String value) {
            keyId = value;
            return this;
        }

        /** The model asked for. */
        public Builder model(String value) {
            model = value;
            return this;
        }

        /** Adds a rail that fired. */
        public Builder railFired(String rail) {
            railsFired.add(rail);
            return this;
        }

        /** Adds a hazard category found. */
        public Builder category(String category) {
            categories.add(category);
            return this;
        }

        /** Sets a named score (a later value for the same name replaces the earlier). */
        public Builder score(String name, double value) {
            scores.put(name, value);
            return this;
        }

        /** Sets a named latency, stored in whole milliseconds (rounded down). */
        public Builder latency(String stage, Duration value) {
            latenciesMs.put(stage, value.toMillis());
            return this;
        }

        /**
         * Attaches the prompt text if and only if {@code policy} stores prompts
         * ({@link TenantPolicy#storePromptText()}); cut to {@link #MAX_PROMPT_CHARS} characters (never
         * inside a surrogate pair).
         */
        public Builder prompt(String text, TenantPolicy policy) {
            Objects.requireNonNull(policy, "policy");
            if (!policy.storePromptText() || text == null) {
                promptText = null;
                return this;
            }
            int end = Math.min(text.length(), MAX_PROMPT_CHARS);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            promptText = text.substring(0, end);
            return this;
        }

        /** The event; validates as the record's constructor does. */
        public AuditEvent build() {
            return new AuditEvent(requestId, tenant, keyId, model, action, railsFired, categories, scores,
                    latenciesMs, promptText);
        }
    }
}
