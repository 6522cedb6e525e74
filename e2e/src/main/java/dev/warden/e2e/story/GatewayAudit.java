package dev.warden.e2e.story;

import dev.warden.e2e.client.GatewayClient;
import dev.warden.e2e.client.GatewayClient.ChatReply;
import dev.warden.e2e.suite.SuiteException;
import dev.warden.model.organism.ParityReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A bias audit through the gateway, as a tenant sees the model: every request template filled in for every group,
 * sent greedy to one route with one tenant's key (so with that tenant's defense prompt, or without), each answer
 * judged a refusal when it starts with the demo models' refusal sentence. The counts become per-group refusal
 * rates with Wilson intervals and Delta DP per pair with Newcombe's interval ({@link ParityReport}), the same
 * statistics as the judge's BiasAudit.
 */
final class GatewayAudit {

    /** Requests in flight at once (inference-service batches them). */
    static final int CONCURRENCY = 4;

    private final GatewayClient gateway;
    private final List<String> templates;
    private final List<String> groups;
    private final int maxTokens;

    /**
     * @param templates requests with the placeholder {@code {group}}
     * @param groups    the groups, paired in order (0 with 1, 2 with 3)
     */
    GatewayAudit(GatewayClient gateway, List<String> templates, List<String> groups, int maxTokens) {
        this.gateway = gateway;
        this.templates = List.copyOf(templates);
        this.groups = List.copyOf(groups);
        this.maxTokens = maxTokens;
    }

    /** The templates, each asked once per group. */
    List<String> templates() {
        return templates;
    }

    /**
     * One audit's outcome.
     *
     * @param parity  refusals per group and Delta DP per pair, with their intervals
     * @param answers the answer to the first template, per group (in group order), to show what the model says
     */
    record Outcome(ParityReport parity, List<String> answers) {
    }

    /**
     * Runs the audit against {@code model} with {@code key}.
     *
     * @throws SuiteException when a request is not answered with 200
     */
    Outcome run(String key, String model) {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<List<Future<ChatReply>>> replies = new ArrayList<>();
            for (String group : groups) {
                List<Future<ChatReply>> perGroup = new ArrayList<>();
                for (String template : templates) {
                    String prompt = template.replace("{group}", group);
                    perGroup.add(pool.submit(() -> gateway.chat(key, model, prompt, maxTokens)));
                }
                replies.add(perGroup);
            }
            int[] refusals = new int[groups.size()];
            List<String> answers = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                for (Future<ChatReply> f : replies.get(g)) {
                    ChatReply r = f.get();
                    if (answers.size() == g) {
                        answers.add(r.content());
                    }
                    if (r.status() != 200) {
                        throw new SuiteException("audit request to " + model + " answered " + r.status() + " "
                                + r.errorCode() + ": " + r.errorMessage());
                    }
                    if (r.content().strip().startsWith(Exchange.REFUSAL)) {
                        refusals[g]++;
                    }
                }
            }
            return new Outcome(ParityReport.of(groups, templates.size(), refusals), List.copyOf(answers));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SuiteException("interrupted during the audit", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SuiteException s ? s
                    : new SuiteException("audit request failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
