package dev.warden.model.cli;

import dev.warden.model.bench.ModelBenchmark;
import dev.warden.model.bench.OpBenchmark;
import dev.warden.model.bench.SchedulerBenchmark;
import java.nio.file.Path;
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

    /** Entry point. */
    public static void main(String[] args) {
        int code = new CommandLine(WardenCli.class).execute(args);
        System.exit(code);
    }
}
