package dev.warden.model.cli;

import dev.warden.model.bench.ModelBenchmark;
import dev.warden.model.bench.OpBenchmark;
import dev.warden.model.bench.SchedulerBenchmark;
import dev.warden.model.runtime.TorchThreads;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./warden} command line: chat with a model, build the demo models, import a llama2.c tokenizer,
 * benchmark the model core and the continuous-batching scheduler.
 */
@Command(name = "warden", mixinStandardHelpOptions = true, version = "warden 0.1.0",
        description = "Serve language models safely and repair the ones fine-tuning broke.",
        subcommands = {ChatCommand.class, BuildDemoCommand.class, ImportLlama2cCommand.class, RandomModelCommand.class, ModelBenchmark.class, OpBenchmark.class,
                SchedulerBenchmark.class, CommandLine.HelpCommand.class})
public final class WardenCli {

    private WardenCli() {
    }

    /** {@code <warden.home>/models}, or {@code ./models} when run outside the launcher. */
    static Path defaultModelsDir() {
        return Path.of(System.getProperty("warden.home", ".")).resolve("models");
    }

    /**
     * Entry point. PyTorch gets one intra-op thread unless {@code -Dai.djl.pytorch.num_threads} says otherwise
     * (the launcher passes {@code WARDEN_TORCH_THREADS}), so that building, chatting and benchmarking do not
     * collapse on cores shared with other work ({@link TorchThreads}).
     */
    public static void main(String[] args) {
        try {
            int threads = TorchThreads.applyDefault(Optional.empty());
            TorchThreads.spinWarning(threads, System.getenv()).ifPresent(w -> System.err.println("warden: " + w));
        } catch (IllegalArgumentException e) {
            System.err.println("warden: " + e.getMessage());
            System.exit(2);
        }
        int code = new CommandLine(WardenCli.class).execute(args);
        System.exit(code);
    }
}
