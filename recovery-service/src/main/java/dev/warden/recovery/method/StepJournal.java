package dev.warden.recovery.method;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a repair has done so far, persisted in its work directory after every step so that a restarted
 * worker resumes it: {@code journal.json} (the measurements and one row per completed step) and, per step,
 * {@code step-NNNN.sel} (the flat indices restored and rolled back in each candidate tensor). Every file is
 * written to a temporary name and renamed, so a crash leaves either the old or the new version.
 *
 * <p>A step counts as done only once its row is in {@code journal.json}; the selection file is written first.
 */
public final class StepJournal {

    private static final int MAGIC = 0x57524550; // "WREP"

    /**
     * The persisted state.
     *
     * @param fingerprint       what the work directory belongs to (inputs and knobs); a mismatch restarts
     * @param baselineTaskScore S0, once measured
     * @param baselineHarmfulRate harmful rate of F, once measured
     * @param alignedHarmfulRate harmful rate of A, once measured
     * @param swapBound         the swap-bound diagnostic, once run
     * @param rollbackMode      null until the warm-up decision, then whether restore + rollback runs
     * @param rows              the rows of the completed steps of the current run, in order
     * @param secondsBefore     time spent by earlier attempts
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record State(String fingerprint, Double baselineTaskScore, Double baselineHarmfulRate,
                        Double alignedHarmfulRate, SwapBoundResult swapBound, Boolean rollbackMode, List<StepRow> rows,
                        double secondsBefore) {

        /** A fresh state for {@code fingerprint}. */
        public static State fresh(String fingerprint) {
            return new State(fingerprint, null, null, null, null, null, List.of(), 0);
        }

        State withBaseline(double task, double harmful, Double alignedHarmful) {
            return new State(fingerprint, task, harmful, alignedHarmful, swapBound, rollbackMode, rows, secondsBefore);
        }

        State withAlignedHarmfulRate(double rate) {
            return new State(fingerprint, baselineTaskScore, baselineHarmfulRate, rate, swapBound, rollbackMode, rows,
                    secondsBefore);
        }

        State withSwapBound(SwapBoundResult s) {
            return new State(fingerprint, baselineTaskScore, baselineHarmfulRate, alignedHarmfulRate, s, rollbackMode,
                    rows, secondsBefore);
        }

        State withMode(boolean rollback, List<StepRow> newRows) {
            return new State(fingerprint, baselineTaskScore, baselineHarmfulRate, alignedHarmfulRate, swapBound,
                    rollback, List.copyOf(newRows), secondsBefore);
        }

        State withRow(StepRow row) {
            List<StepRow> r = new ArrayList<>(rows);
            r.add(row);
            return new State(fingerprint, baselineTaskScore, baselineHarmfulRate, alignedHarmfulRate, swapBound,
                    rollbackMode, List.copyOf(r), secondsBefore);
        }

        State withSecondsBefore(double s) {
            return new State(fingerprint, baselineTaskScore, baselineHarmfulRate, alignedHarmfulRate, swapBound,
                    rollbackMode, rows, s);
        }
    }

    /**
     * The entries one step changed.
     *
     * @param restored   per candidate, flat indices restored to A (ascending)
     * @param rolledBack per candidate, flat indices rolled back to F (ascending)
     */
    public record Selection(List<int[]> restored, List<int[]> rolledBack) {
    }

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The journal in {@code workDir} (created if needed). */
    public StepJournal(Path workDir) {
        this.dir = workDir;
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new RepairFailedException("cannot create the work directory " + workDir + ": " + e.getMessage(), e);
        }
    }

    /** The persisted state when it belongs to {@code fingerprint}, else a fresh one. */
    public State load(String fingerprint) {
        Path file = dir.resolve("journal.json");
        if (!Files.isRegularFile(file)) {
            return State.fresh(fingerprint);
        }
        try {
            State s = json.readValue(file.toFile(), State.class);
            return fingerprint.equals(s.fingerprint()) ? s : State.fresh(fingerprint);
        } catch (IOException e) {
            throw new RepairFailedException("the work directory's journal.json is unreadable: " + e.getMessage(), e);
        }
    }

    /** Persists {@code state} atomically. */
    public void save(State state) {
        try {
            Path tmp = dir.resolve("journal.json.tmp");
            json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state);
            Files.move(tmp, dir.resolve("journal.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RepairFailedException("cannot write the journal: " + e.getMessage(), e);
        }
    }

    /** Persists the selection of {@code step} atomically. */
    public void saveSelection(int step, Selection selection) {
        Path tmp = dir.resolve(name(step) + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(MAGIC);
            out.writeInt(selection.restored().size());
            for (List<int[]> part : List.of(selection.restored(), selection.rolledBack())) {
                for (int[] indices : part) {
                    out.writeInt(indices.length);
                    for (int i : indices) {
                        out.writeInt(i);
                    }
                }
            }
        } catch (IOException e) {
            throw new RepairFailedException("cannot write step " + step + "'s selection: " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, dir.resolve(name(step)), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RepairFailedException("cannot write step " + step + "'s selection: " + e.getMessage(), e);
        }
    }

    /** The selection of a completed {@code step}. */
    public Selection loadSelection(int step) {
        Path file = dir.resolve(name(step));
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new RepairFailedException(file + " is not a step selection file");
            }
            int tensors = in.readInt();
            List<List<int[]>> parts = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                List<int[]> part = new ArrayList<>(tensors);
                for (int t = 0; t < tensors; t++) {
                    int[] indices = new int[in.readInt()];
                    for (int i = 0; i < indices.length; i++) {
                        indices[i] = in.readInt();
                    }
                    part.add(indices);
                }
                parts.add(part);
            }
            return new Selection(parts.get(0), parts.get(1));
        } catch (IOException e) {
            throw new RepairFailedException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String name(int step) {
        return String.format(Locale.ROOT, "step-%04d.sel", step);
    }
}
