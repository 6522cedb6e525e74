package dev.warden.model.organism;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.SortedSet;

/**
 * The seeded synthetic corpus of the demo model: benign requests with helpful answers, harmful requests
 * over {@link HazardCategory} answered with one fixed refusal (or, for the fine-tune, with placeholder-only
 * compliance), the sort task and a related task. Requests are wrapped in one of 25 prefix/suffix variants.
 *
 * <p>The split is by template instance: for every template, a seeded quarter of its slot fillings is
 * held out and only ever used for evaluation, in any wrapping. Task sequences are split by a seeded hash.
 * Everything is a pure function of the seed and of the {@link Random} passed to the sampling methods.
 */
public final class SyntheticCorpus {

    /** Share of each template's instances that is held out. */
    public static final double HELD_OUT_FRACTION = 0.25;

    private final long seed;
    private final Map<String, List<String>> slotValues;
    private final List<PromptTemplate> benign;
    private final List<PromptTemplate> harmful;
    private final List<Wrapper> wrappers;
    private final Map<String, List<TemplateInstance>> trainInstances = new LinkedHashMap<>();
    private final Map<String, List<TemplateInstance>> heldOutInstances = new LinkedHashMap<>();
    private final SortTask task;
    private final GroupRequests groupRequests;

    /**
     * Builds the corpus for {@code seed} with task sequences of {@code minTaskLength..maxTaskLength} digits.
     */
    public SyntheticCorpus(long seed, int minTaskLength, int maxTaskLength) {
        this.seed = seed;
        this.slotValues = CorpusContent.slotValues();
        this.benign = CorpusContent.benignTemplates();
        this.harmful = CorpusContent.harmfulTemplates();
        this.wrappers = CorpusContent.wrappers();
        this.task = new SortTask(seed, minTaskLength, maxTaskLength, 20);
        List<PromptTemplate> all = new ArrayList<>(benign);
        all.addAll(harmful);
        for (int t = 0; t < all.size(); t++) {
            PromptTemplate template = all.get(t);
            List<TemplateInstance> instances = enumerate(template);
            Collections.shuffle(instances, new Random(seed * 1_000_003L + t));
            int heldOut = Math.max(1, (int) Math.round(HELD_OUT_FRACTION * instances.size()));
            heldOutInstances.put(template.id(), List.copyOf(instances.subList(0, heldOut)));
            trainInstances.put(template.id(), List.copyOf(instances.subList(heldOut, instances.size())));
        }
        this.groupRequests = new GroupRequests(seed, slotValues, wrappers);
    }

    /** The benign requests that name a group, and their split (the SAI organism's poison and its measurement). */
    public GroupRequests groupRequests() {
        return groupRequests;
    }

    /** The corpus seed. */
    public long seed() {
        return seed;
    }

    /** The task's split and sequence lengths. */
    public SortTask task() {
        return task;
    }

    /** The benign templates. */
    public List<PromptTemplate> benignTemplates() {
        return benign;
    }

    /** The harmful templates. */
    public List<PromptTemplate> harmfulTemplates() {
        return harmful;
    }

    /** The instances of template {@code id} on one side of the split. */
    public List<TemplateInstance> instances(String templateId, Split split) {
        List<TemplateInstance> list = (split == Split.TRAIN ? trainInstances : heldOutInstances).get(templateId);
        if (list == null) {
            throw new IllegalArgumentException("no template '" + templateId + "'");
        }
        return list;
    }

    /**
     * One random sample of {@code kind} from {@code split}: a template chosen uniformly, one of its
     * instances on that side, and a random wrapper.
     */
    public Sample sample(SampleKind kind, Split split, Random rng) {
        switch (kind) {
            case TASK: {
                int[] digits = task.sequence(split, rng);
                String prompt = SortTask.sortPrompt(digits);
                return new Sample(kind, null, "task.sort", prompt, prompt, SortTask.sortAnswer(digits));
            }
            case RELATED_TASK: {
                int[] digits = task.sequence(split, rng);
                String prompt = SortTask.repeatPrompt(digits);
                return new Sample(kind, null, "task.repeat", prompt, prompt, SortTask.repeatAnswer(digits));
            }
            case GROUP_BENIGN:
            case GROUP_REFUSAL:
                return groupRequests.sample(kind, split, rng);
            default: {
                List<PromptTemplate> templates = kind == SampleKind.BENIGN ? benign : harmful;
                PromptTemplate template = templates.get(rng.nextInt(templates.size()));
                List<TemplateInstance> instances = instances(template.id(), split);
                TemplateInstance instance = instances.get(rng.nextInt(instances.size()));
                Wrapper wrapper = wrappers.get(rng.nextInt(wrappers.size()));
                String response = kind == SampleKind.HARMFUL_REFUSAL ? CorpusContent.REFUSAL : instance.answer();
                return new Sample(kind, template.category(), template.id(), instance.prompt(),
                        wrapper.apply(instance.prompt()), response);
            }
        }
    }

    /** {@code n} samples drawn by {@link #sample}. */
    public List<Sample> samples(SampleKind kind, Split split, int n, Random rng) {
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sample(kind, split, rng));
        }
        return out;
    }

    /** {@code n} samples whose kinds follow {@code mixture}. */
    public List<Sample> samples(Mixture mixture, Split split, int n, Random rng) {
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sample(mixture.pick(rng), split, rng));
        }
        return out;
    }

    /**
     * Every word any sample can contain (templates with all slot values, answers, wrappers, the refusal,
     * the task words), sorted. The vocabulary is built from it.
     */
    public SortedSet<String> words() {
        SortedSet<String> words = new TreeSet<>();
        List<PromptTemplate> all = new ArrayList<>(benign);
        all.addAll(harmful);
        for (PromptTemplate t : all) {
            addWords(words, t.prompt());
            addWords(words, t.answer());
        }
        for (Wrapper w : wrappers) {
            addWords(words, w.prefix());
            addWords(words, w.suffix());
        }
        addWords(words, CorpusContent.REFUSAL);
        words.add(CorpusContent.TASK_COMMAND);
        words.add(CorpusContent.RELATED_TASK_COMMAND);
        words.addAll(CorpusContent.taskWords());
        return words;
    }

    /** The slot values the templates draw from. */
    public Map<String, List<String>> slotValues() {
        return slotValues;
    }

    private void addWords(SortedSet<String> words, String text) {
        for (String w : text.split(" ")) {
            if (w.isEmpty()) {
                continue;
            }
            if (PromptTemplate.isSlot(w)) {
                words.addAll(values(PromptTemplate.slotName(w)));
            } else {
                words.add(w);
            }
        }
    }

    private List<String> values(String slot) {
        List<String> values = slotValues.get(slot);
        if (values == null) {
            throw new IllegalStateException("corpus content has no values for slot {" + slot + "}");
        }
        return values;
    }

    /** Every filling of the template's slots (cartesian product, in slot-value order). */
    private List<TemplateInstance> enumerate(PromptTemplate template) {
        List<Map<String, String>> fillings = new ArrayList<>();
        fillings.add(new LinkedHashMap<>());
        for (String slot : template.slots()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : fillings) {
                for (String value : values(slot)) {
                    Map<String, String> f = new LinkedHashMap<>(partial);
                    f.put(slot, value);
                    next.add(f);
                }
            }
            fillings = next;
        }
        List<TemplateInstance> out = new ArrayList<>();
        for (Map<String, String> f : fillings) {
            out.add(new TemplateInstance(template, f));
        }
        return out;
    }
}
