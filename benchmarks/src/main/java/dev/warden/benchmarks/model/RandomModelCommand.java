package dev.warden.benchmarks.model;

import dev.warden.model.cli.WardenCli;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./warden random-model --out DIR}: writes the random 28M-parameter Llama of {@link RandomLlama}, the
 * checkpoint {@code ./warden bench-model --model DIR} and {@code ./warden bench-jlama} compare engines on.
 */
@Command(name = "random-model", mixinStandardHelpOptions = true,
        description = "Write a random 28M-parameter Llama checkpoint (8 layers, hidden 512, 8 heads / 4 KV heads, "
                + "MLP 1408, vocab 4096) in Hugging Face layout with a tokenizer.json, for speed comparisons.")
public final class RandomModelCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "The checkpoint directory to write (created if needed).")
    Path out;

    @Option(names = "--seed", description = "Seed of the weights (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    /** Command-line entry point. */
    public static void main(String[] args) {
        System.exit(WardenCli.run(new CommandLine(new RandomModelCommand()), args));
    }

    @Override
    public Integer call() {
        try {
            long params = RandomLlama.write(out, seed);
            System.out.printf("wrote %s: %.1fM parameters, f32, vocab %d%n", out, params / 1e6,
                    RandomLlama.config().vocabSize());
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("warden random-model: " + e.getMessage());
            return 1;
        }
    }
}
