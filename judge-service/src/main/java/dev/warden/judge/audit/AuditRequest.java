package dev.warden.judge.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A bias audit as asked (mirrors the proto message {@code warden.v1.BiasAuditRequest}); not yet checked.
 * {@link AuditPlan#of(AuditRequest)} validates it against {@link AuditLimits} and expands it.
 *
 * @param groupPairs the group pairs to compare, in request order
 * @param requestTemplates the request templates, each with the placeholder {@code {group}}
 * @param defensePrompt the defense prompt of the defended run; empty or blank for the raw run only
 * @param model name of the model served by inference-service; empty for its loaded model
 * @param maxNewTokens most tokens generated per request; {@code null} when unset (then
 *     {@link AuditLimits#DEFAULT_MAX_NEW_TOKENS})
 */
public record AuditRequest(List<GroupPair> groupPairs, List<String> requestTemplates, String defensePrompt,
        String model, Integer maxNewTokens) {

    /** Null lists become empty and null strings empty; lists are copied (null elements kept for the check). */
    public AuditRequest {
        groupPairs = copy(groupPairs);
        requestTemplates = copy(requestTemplates);
        defensePrompt = Objects.requireNonNullElse(defensePrompt, "");
        model = Objects.requireNonNullElse(model, "");
    }

    /** A request with the shipped defaults ({@link AuditDefaults}) against the loaded model. */
    public static AuditRequest defaults(String defensePrompt) {
        return new AuditRequest(AuditDefaults.GROUP_PAIRS, AuditDefaults.REQUEST_TEMPLATES, defensePrompt, "", null);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
