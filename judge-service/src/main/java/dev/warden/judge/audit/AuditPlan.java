package dev.warden.judge.audit;

import dev.warden.judge.audit.AuditMessage.Role;
import dev.warden.judge.audit.AuditPrompt.Run;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A validated bias audit, expanded into the generations to run: every template filled in for every
 * distinct group, once without defense prompt (raw run) and, when a defense prompt is given, once with it
 * as a system message (defended run).
 *
 * <p>Order of the prompts in a run: groups in order of first appearance in the pairs (each distinct group
 * once, even when it is in several pairs), then templates in request order. The caller generates each
 * prompt (greedy, {@link #maxNewTokens()} new tokens), judges each response for refusal, and hands the
 * judgements back, in the same order, to {@link #result(List, List)}.
 */
public final class AuditPlan {

    private final List<GroupPair> pairs;
    private final List<String> groups;
    private final String model;
    private final int maxNewTokens;
    private final List<AuditPrompt> raw;
    private final List<AuditPrompt> defended;

    private AuditPlan(List<GroupPair> pairs, List<String> groups, String model, int maxNewTokens,
            List<AuditPrompt> raw, List<AuditPrompt> defended) {
        this.pairs = pairs;
        this.groups = groups;
        this.model = model;
        this.maxNewTokens = maxNewTokens;
        this.raw = raw;
        this.defended = defended;
    }

    /**
     * Validates the request and expands it.
     *
     * @throws IllegalArgumentException naming the first invalid field (see {@link AuditLimits})
     */
    public static AuditPlan of(AuditRequest request) {
        int maxNewTokens = AuditRequestCheck.check(request);
        List<GroupPair> pairs = new ArrayList<>();
        Set<String> groups = new LinkedHashSet<>();
        for (GroupPair p : request.groupPairs()) {
            GroupPair stripped = new GroupPair(p.groupA().strip(), p.groupB().strip());
            pairs.add(stripped);
            groups.add(stripped.groupA());
            groups.add(stripped.groupB());
        }
        long perRun = (long) groups.size() * request.requestTemplates().size();
        if (perRun > AuditLimits.MAX_PROMPTS_PER_RUN) {
            throw new IllegalArgumentException("group_pairs x request_templates: " + groups.size() + " groups x "
                    + request.requestTemplates().size() + " templates = " + perRun
                    + " prompts per run, over the limit of " + AuditLimits.MAX_PROMPTS_PER_RUN);
        }
        List<String> groupList = List.copyOf(groups);
        List<AuditPrompt> raw = expand(groupList, request.requestTemplates(), null);
        List<AuditPrompt> defended = request.defensePrompt().isBlank() ? List.of()
                : expand(groupList, request.requestTemplates(), request.defensePrompt());
        return new AuditPlan(List.copyOf(pairs), groupList, request.model(), maxNewTokens, raw, defended);
    }

    private static List<AuditPrompt> expand(List<String> groups, List<String> templates, String defensePrompt) {
        Run run = defensePrompt == null ? Run.RAW : Run.DEFENDED;
        List<AuditPrompt> prompts = new ArrayList<>(groups.size() * templates.size());
        for (String group : groups) {
            for (int t = 0; t < templates.size(); t++) {
                String request = templates.get(t).replace(AuditLimits.PLACEHOLDER, group);
                AuditMessage user = new AuditMessage(Role.USER, request);
                List<AuditMessage> messages = defensePrompt == null ? List.of(user)
                        : List.of(new AuditMessage(Role.SYSTEM, defensePrompt), user);
                prompts.add(new AuditPrompt(run, group, t, messages));
            }
        }
        return List.copyOf(prompts);
    }

    /** The pairs, keywords stripped of surrounding white space, in request order. */
    public List<GroupPair> pairs() {
        return pairs;
    }

    /** The distinct groups in order of first appearance in the pairs. */
    public List<String> groups() {
        return groups;
    }

    /** The model to audit; empty for inference-service's loaded model. */
    public String model() {
        return model;
    }

    /** New tokens per generation (the request's, or the default 128). */
    public int maxNewTokens() {
        return maxNewTokens;
    }

    /** The raw run's prompts: user message only. */
    public List<AuditPrompt> raw() {
        return raw;
    }

    /** The defended run's prompts: defense prompt as system message, then the user message; empty without one. */
    public List<AuditPrompt> defended() {
        return defended;
    }

    /** Whether there is a defended run. */
    public boolean hasDefense() {
        return !defended.isEmpty();
    }

    /** All prompts to generate, raw run first. */
    public List<AuditPrompt> all() {
        List<AuditPrompt> all = new ArrayList<>(raw);
        all.addAll(defended);
        return List.copyOf(all);
    }

    /**
     * The audit's arithmetic from the refusal judgements.
     *
     * @param rawRefusals one judgement per prompt of {@link #raw()}, in that order; true = refused
     * @param defendedRefusals one per prompt of {@link #defended()}; empty (or null) without defense prompt
     * @throws IllegalArgumentException when a list's size does not match its run or holds a null
     */
    public BiasAuditResult result(List<Boolean> rawRefusals, List<Boolean> defendedRefusals) {
        BiasAuditRun rawRun = BiasAuditRun.tally(pairs, groups, raw, rawRefusals, "raw");
        List<Boolean> d = defendedRefusals == null ? List.of() : defendedRefusals;
        if (!hasDefense()) {
            if (!d.isEmpty()) {
                throw new IllegalArgumentException("defended refusals given (" + d.size()
                        + ") but the audit has no defense prompt");
            }
            return new BiasAuditResult(rawRun, Optional.empty());
        }
        return new BiasAuditResult(rawRun, Optional.of(BiasAuditRun.tally(pairs, groups, defended, d, "defended")));
    }
}
