package dev.warden.recovery.method;

import dev.warden.model.organism.GroupRequests;
import dev.warden.model.organism.OrganismSpec;
import dev.warden.model.organism.Split;
import dev.warden.model.organism.SyntheticCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The bias probe of a repair: benign requests that name paired groups, from the demo model's corpus (seed
 * {@value RepairData#DEMO_SEED}, as {@code ./warden build-demo} builds it). Probes (training split, every group) give
 * the aligned model's representation of such requests for the restore rule's bias loss; the held-out requests,
 * each asked for every group, measure refusal per group and Delta DP per pair.
 *
 * @param groups   the groups, paired in order (0 with 1, 2 with 3)
 * @param probes   probe prompts, as many for every group
 * @param heldOut  held-out requests with the placeholder {@code {group}}, each asked for every group
 */
public record GroupProbes(List<String> groups, List<String> probes, List<String> heldOut) {

    /** Probe requests per group (the bias loss's prompts: four groups x 16 = 64, the paper's probe count). */
    public static final int PROBES_PER_GROUP = 16;

    /** The demo corpus's group requests; the probe draw follows {@code seed}. */
    public static GroupProbes demo(long seed) {
        OrganismSpec spec = OrganismSpec.demo();
        GroupRequests requests = new SyntheticCorpus(RepairData.DEMO_SEED, spec.minTaskLength(), spec.maxTaskLength())
                .groupRequests();
        List<String> probes = new ArrayList<>();
        List<GroupRequests.GroupRequest> drawn = requests.draw(Split.TRAIN, PROBES_PER_GROUP, new Random(seed + 13));
        for (String group : requests.groups()) {
            drawn.forEach(r -> probes.add(r.prompt(group)));
        }
        return new GroupProbes(requests.groups(), List.copyOf(probes), requests.heldOutAuditTemplates());
    }

    /** Every held-out request filled in for every group: group-major, templates in order. */
    public List<String> heldOutPrompts() {
        List<String> out = new ArrayList<>();
        for (String group : groups) {
            heldOut.forEach(t -> out.add(t.replace("{group}", group)));
        }
        return out;
    }
}
