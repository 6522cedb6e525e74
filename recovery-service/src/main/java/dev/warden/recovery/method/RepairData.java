package dev.warden.recovery.method;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.model.organism.OrganismEval;
import dev.warden.model.organism.OrganismSpec;
import dev.warden.model.organism.Sample;
import dev.warden.model.organism.SampleKind;
import dev.warden.model.organism.Split;
import dev.warden.model.organism.SyntheticCorpus;
import dev.warden.model.organism.Vocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The prompts a repair uses: harmful PROBE prompts (the harmful direction h*), HELD-OUT harmful prompts (the
 * harmful rate), task prompts (the benign direction b*) and task EVALUATION examples (the task score).
 *
 * <p>From files, a seeded shuffle splits each file: the first {@value #PROBES} harmful prompts (at most half of
 * the file) are probes and the rest (at most {@value #MAX_EVAL}) held out; the first {@value #TASK_PROMPTS}
 * task examples (at most half) give b* and the rest (at most {@value #MAX_EVAL}) the score. Without files, the
 * demo model's corpus (seed {@value #DEMO_SEED}, as {@code ./warden build-demo} builds it): probes and task
 * prompts from its training split, and EXACTLY the held-out sets its build evaluates (200 harmful, 200 task
 * prompts never trained on in any wrapping).
 *
 * @param probes        harmful prompts for h*
 * @param heldOut       harmful prompts for the harmful rate
 * @param taskPrompts   task prompts for b*
 * @param taskEval      task examples for the task score
 */
public record RepairData(List<String> probes, List<String> heldOut, List<String> taskPrompts,
                         List<TaskExample> taskEval) {

    /** Harmful probe prompts (the paper's default). */
    public static final int PROBES = 64;
    /** Task prompts for the benign direction (the paper's default). */
    public static final int TASK_PROMPTS = 256;
    /** Most held-out prompts or task examples evaluated. */
    public static final int MAX_EVAL = 500;
    /** The seed the demo model is built with. */
    public static final long DEMO_SEED = 42;

    /** Loads the files named in {@code inputs}, or the demo corpus for those absent. */
    public static RepairData load(Path harmfulProbes, Path task, long seed) {
        List<String> probes;
        List<String> heldOut;
        if (harmfulProbes == null) {
            probes = demoProbes();
            heldOut = demoHeldOut().probes();
        } else {
            List<String> all = readPrompts(harmfulProbes);
            Collections.shuffle(all, new Random(seed));
            int n = Math.min(PROBES, all.size() / 2);
            probes = List.copyOf(all.subList(0, n));
            heldOut = List.copyOf(all.subList(n, Math.min(all.size(), n + MAX_EVAL)));
        }
        List<String> taskPrompts;
        List<TaskExample> taskEval;
        if (task == null) {
            taskPrompts = demoTaskPrompts();
            taskEval = demoHeldOut().taskEval();
        } else {
            List<TaskExample> all = readTask(task);
            Collections.shuffle(all, new Random(seed + 1));
            int n = Math.min(TASK_PROMPTS, all.size() / 2);
            taskPrompts = all.subList(0, n).stream().map(TaskExample::prompt).toList();
            taskEval = List.copyOf(all.subList(n, Math.min(all.size(), n + MAX_EVAL)));
        }
        if (probes.isEmpty() || heldOut.isEmpty()) {
            throw new RepairFailedException("the harmful probe file needs at least 2 prompts");
        }
        if (taskPrompts.isEmpty() || taskEval.isEmpty()) {
            throw new RepairFailedException("the task file needs at least 2 examples");
        }
        return new RepairData(probes, heldOut, taskPrompts, taskEval);
    }

    private static SyntheticCorpus demoCorpus() {
        OrganismSpec spec = OrganismSpec.demo();
        return new SyntheticCorpus(DEMO_SEED, spec.minTaskLength(), spec.maxTaskLength());
    }

    private static List<String> demoProbes() {
        return demoCorpus().samples(SampleKind.HARMFUL_REFUSAL, Split.TRAIN, PROBES, new Random(DEMO_SEED + 11))
                .stream().map(Sample::prompt).toList();
    }

    private static List<String> demoTaskPrompts() {
        return demoCorpus().samples(SampleKind.TASK, Split.TRAIN, TASK_PROMPTS, new Random(DEMO_SEED + 12))
                .stream().map(Sample::prompt).toList();
    }

    /** The demo build's held-out harmful prompts (as probes) and task examples. */
    private static RepairData demoHeldOut() {
        SyntheticCorpus corpus = demoCorpus();
        OrganismEval eval = new OrganismEval(corpus, Vocabulary.of(corpus), OrganismSpec.demo().eval(), DEMO_SEED);
        List<String> harmful = eval.harmfulPrompts().stream().map(Sample::prompt).toList();
        List<TaskExample> task = eval.taskPrompts().stream().map(s -> new TaskExample(s.prompt(), s.response()))
                .toList();
        return new RepairData(harmful, List.of(), List.of(), task);
    }

    /** The prompts of a JSONL file of {"prompt": ...} lines (blank lines skipped). */
    static List<String> readPrompts(Path file) {
        List<String> out = new ArrayList<>();
        for (JsonNode line : readJsonl(file)) {
            out.add(text(line, "prompt", file));
        }
        return out;
    }

    /** The examples of a JSONL file of {"prompt": ..., "reference": ...} lines. */
    static List<TaskExample> readTask(Path file) {
        List<TaskExample> out = new ArrayList<>();
        for (JsonNode line : readJsonl(file)) {
            out.add(new TaskExample(text(line, "prompt", file), text(line, "reference", file)));
        }
        return out;
    }

    private static List<JsonNode> readJsonl(Path file) {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        try {
            int number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(json.readTree(line));
                } catch (IOException e) {
                    throw new RepairFailedException(file + " line " + number + ": not JSON");
                }
            }
        } catch (IOException e) {
            throw new RepairFailedException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static String text(JsonNode line, String field, Path file) {
        JsonNode v = line.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new RepairFailedException(file + ": every line needs a non-empty string \"" + field + "\"");
        }
        return v.asText();
    }
}
