package dev.warden.recovery.method;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repaired checkpoint (RECOVERY-METHOD.md "Where we go further": written in F's Hugging Face layout; only
 * tensors that differ from F are taken from W, the others copied byte for byte from F's mapping) and the
 * per-module account of what the kept checkpoint changed.
 */
final class RepairedOutput {

    private RepairedOutput() {
    }

    /** Writes W to {@code output}, replacing what a previous attempt may have left there. */
    static void write(WorkingModel w, Path output) {
        long[] differing = w.differingFromFineTuned();
        Map<String, NDArray> changed = new LinkedHashMap<>();
        for (Candidate c : w.candidates()) {
            if (differing[c.index()] > 0) {
                changed.put(c.name(), c.parameter().stopGradient());
            }
        }
        try {
            RepairedCheckpointWriter.deleteRecursively(output); // a previous attempt's, if any
            Files.createDirectories(output.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new RepairFailedException("cannot prepare " + output + ": " + e.getMessage(), e);
        }
        try {
            RepairedCheckpointWriter.write(w.loaded().directory(), w.fineTunedSource(), changed, output);
        } finally {
            changed.values().forEach(NDArray::close);
        }
    }

    /** Parameters, restored and rolled back weights per layer and module, in candidate order. */
    static List<ModuleChangeRow> changes(WorkingModel w, KeptCheckpoint.Counts counts) {
        Map<String, long[]> rows = new LinkedHashMap<>(); // layer/module -> parameters, restored, rolled back
        Map<String, Candidate> first = new LinkedHashMap<>();
        for (Candidate c : w.candidates()) {
            String key = c.layer() + "/" + c.module();
            first.putIfAbsent(key, c);
            long[] r = rows.computeIfAbsent(key, x -> new long[3]);
            r[0] += c.size();
            r[1] += counts.restored()[c.index()];
            r[2] += counts.rolledBack()[c.index()];
        }
        List<ModuleChangeRow> out = new ArrayList<>();
        rows.forEach((key, r) -> out.add(new ModuleChangeRow(first.get(key).layer(), first.get(key).module(),
                r[0], r[1], r[2])));
        return out;
    }
}
