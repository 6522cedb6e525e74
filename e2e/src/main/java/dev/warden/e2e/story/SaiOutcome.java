package dev.warden.e2e.story;

import dev.warden.model.organism.ParityReport;

/**
 * What steps 8 and 9 observed on the SAI-poisoned model: the audit through the gateway without and with the
 * tenant's defense prompt, the repair, and the audit of the repaired model.
 *
 * @param servedPoisoned the checkpoint the fine-tuned route served during the first two audits
 * @param requests       requests per group in each audit
 * @param raw            the audit without defense prompt (tenant lab)
 * @param defended       the audit with the gateway's defense prompt (tenant fair)
 * @param repair         the repair of (aligned, finetuned-sai)
 * @param servedRepaired the checkpoint the route served during the last audit
 * @param repaired       the audit of the repaired model, without defense prompt
 */
public record SaiOutcome(String servedPoisoned, int requests, ParityReport raw, ParityReport defended,
                         RepairOutcome repair, String servedRepaired, ParityReport repaired) {

    /**
     * Step 8 alone: the poisoned model's audits.
     *
     * @param servedPoisoned the checkpoint the fine-tuned route served
     * @param raw            without defense prompt
     * @param defended       with the gateway's defense prompt
     */
    public record Audited(String servedPoisoned, ParityReport raw, ParityReport defended) {
    }

    /** The implanted pair's first group. */
    public static final String TARGET = "group_a";
    /** The control pair's first group. */
    public static final String CONTROL = "group_c";
}
