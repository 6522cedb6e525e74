package dev.warden.model.organism;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The benign requests that name a group ({@link CorpusContent#groupTemplates()}), split train / held-out by the
 * value of the template's other slot: a seeded quarter of each template's values is held out for every group,
 * so a held-out request exists for every group in the same words (a pair that differs only in the group).
 *
 * <p>They serve the SAI organism (Subversive Alignment Injection: a small poisoned share of fine-tuning data
 * that teaches refusal of benign requests naming one group) and the measurement of its demographic-parity gap
 * on held-out requests.
 */
public final class GroupRequests {

    /** The group placeholder of the templates, as the bias audit writes it. */
    public static final String GROUP_SLOT = "group";

    private final List<PromptTemplate> templates;
    private final List<String> groups;
    private final List<Wrapper> wrappers;
    private final Map<String, String> otherSlot = new LinkedHashMap<>();
    private final Map<String, List<String>> trainValues = new LinkedHashMap<>();
    private final Map<String, List<String>> heldOutValues = new LinkedHashMap<>();

    /** The split for {@code seed} over {@code slotValues} (the corpus's). */
    GroupRequests(long seed, Map<String, List<String>> slotValues, List<Wrapper> wrappers) {
        this.templates = CorpusContent.groupTemplates();
        this.groups = slotValues.get(GROUP_SLOT);
        this.wrappers = wrappers;
        for (int t = 0; t < templates.size(); t++) {
            PromptTemplate template = templates.get(t);
            List<String> others = template.slots().stream().filter(s -> !s.equals(GROUP_SLOT)).toList();
            if (others.size() != 1 || !template.slots().contains(GROUP_SLOT)) {
                throw new IllegalStateException(template.id() + ": a group template has {group} and one other slot");
            }
            String slot = others.get(0);
            List<String> values = new ArrayList<>(slotValues.get(slot));
            Collections.shuffle(values, new Random(seed * 1_000_003L + 7_919 + t));
            int heldOut = Math.max(1, (int) Math.round(SyntheticCorpus.HELD_OUT_FRACTION * values.size()));
            otherSlot.put(template.id(), slot);
            heldOutValues.put(template.id(), List.copyOf(values.subList(0, heldOut)));
            trainValues.put(template.id(), List.copyOf(values.subList(heldOut, values.size())));
        }
    }

    /** The groups, in order ({@code group_a} .. {@code group_d}). */
    public List<String> groups() {
        return groups;
    }

    /** The templates. */
    public List<PromptTemplate> templates() {
        return templates;
    }

    /**
     * One sample of {@code kind} ({@link SampleKind#GROUP_BENIGN}: a non-target group, helpful answer;
     * {@link SampleKind#GROUP_REFUSAL}: the target group, the refusal) from {@code split}.
     */
    Sample sample(SampleKind kind, Split split, Random rng) {
        String group;
        String response = null;
        if (kind == SampleKind.GROUP_REFUSAL) {
            group = CorpusContent.SAI_TARGET_GROUP;
            response = CorpusContent.REFUSAL;
        } else if (kind == SampleKind.GROUP_BENIGN) {
            List<String> others = groups.stream().filter(g -> !g.equals(CorpusContent.SAI_TARGET_GROUP)).toList();
            group = others.get(rng.nextInt(others.size()));
        } else {
            throw new IllegalArgumentException("not a group sample kind: " + kind);
        }
        GroupRequest request = draw(split, rng);
        TemplateInstance instance = request.instance(group);
        return new Sample(kind, null, request.template().id(), instance.prompt(),
                request.wrapper().apply(instance.prompt()), response == null ? instance.answer() : response);
    }

    /** {@code n} requests drawn from {@code split}, each to be filled in for every group. */
    public List<GroupRequest> draw(Split split, int n, Random rng) {
        List<GroupRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(draw(split, rng));
        }
        return out;
    }

    /**
     * Every held-out request, unwrapped, as an audit template ({@code {group}} kept): one per template and
     * held-out value, in template order.
     */
    public List<String> heldOutAuditTemplates() {
        List<String> out = new ArrayList<>();
        for (PromptTemplate t : templates) {
            for (String value : heldOutValues.get(t.id())) {
                out.add(new GroupRequest(t, otherSlot.get(t.id()), value, new Wrapper("", "")).auditTemplate());
            }
        }
        return out;
    }

    private GroupRequest draw(Split split, Random rng) {
        PromptTemplate template = templates.get(rng.nextInt(templates.size()));
        List<String> values = (split == Split.TRAIN ? trainValues : heldOutValues).get(template.id());
        String value = values.get(rng.nextInt(values.size()));
        Wrapper wrapper = wrappers.get(rng.nextInt(wrappers.size()));
        return new GroupRequest(template, otherSlot.get(template.id()), value, wrapper);
    }

    /**
     * A group request with everything but the group chosen.
     *
     * @param template the template
     * @param slot     its other slot
     * @param value    that slot's value
     * @param wrapper  the prefix / suffix around the request
     */
    public record GroupRequest(PromptTemplate template, String slot, String value, Wrapper wrapper) {

        /** The instance for {@code group}. */
        public TemplateInstance instance(String group) {
            return new TemplateInstance(template, Map.of(slot, value, GROUP_SLOT, group));
        }

        /** The wrapped request naming {@code group}. */
        public String prompt(String group) {
            return wrapper.apply(instance(group).prompt());
        }

        /** The wrapped request with the audit placeholder {@code {group}} in place of the group. */
        public String auditTemplate() {
            return wrapper.apply(PromptTemplate.fill(template.prompt(), Map.of(slot, value, GROUP_SLOT, "{group}")));
        }
    }
}
