package dev.warden.model.cli;

import dev.warden.model.runtime.TorchThreads;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The model's commands of the {@code ./warden} command line: chat with a model, build the demo models, import a
 * llama2.c tokenizer. The model core's benchmarks ({@code bench-model}, {@code bench-ops}, {@code bench-scheduler},
 * {@code random-model}) live in the benchmarks module, outside this library's jar; the launcher runs them from there.
 */
@Command(name = "warden", mixinStandardHelpOptions = true, version = "warden 0.1.0",
        description = "Serve language models safely and repair the ones fine-tuning broke.",
        subcommands = {ChatCommand.class, BuildDemoCommand.class, ImportLlama2cCommand.class,
                CommandLine.HelpCommand.class})
public final class WardenCli {

    private WardenCli() {
    }

    /** {@code <warden.home>/models}, or {@code ./models} when run outside the launcher. */
    static Path defaultModelsDir() {
        return Path.of(System.getProperty("warden.home", ".")).resolve("models");
    }

    /** Entry point: {@link #run} on this command line's commands. */
    public static void main(String[] args) {
        System.exit(run(new CommandLine(WardenCli.class), args));
    }

    /**
     * Runs a command-line tool of the model core (this command line's commands, and the model benchmarks of the
     * benchmarks module): PyTorch gets one intra-op thread unless {@code -Dai.djl.pytorch.num_threads} says
     * otherwise (the launcher passes {@code WARDEN_TORCH_THREADS}), with a warning when more threads would spin, so
     * that building, chatting and benchmarking do not collapse on cores shared with other work
     * ({@link TorchThreads}).
     *
     * @return the command's exit code, or 2 when the thread setting is not a positive number
     */
    public static int run(CommandLine commandLine, String[] args) {
        try {
            int threads = TorchThreads.applyDefault(Optional.empty());
            TorchThreads.spinWarning(threads, System.getenv()).ifPresent(w -> System.err.println("warden: " + w));
        } catch (IllegalArgumentException e) {
            System.err.println("warden: " + e.getMessage());
            return 2;
        }
        return commandLine.execute(args);
    }
}
