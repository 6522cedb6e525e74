package dev.warden.model.cli;

import dev.warden.model.bench.RandomLlama;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./warden random-model --out DIR}: writes the random 28M-parameter Llama of {@link RandomLlama}. */
@Command(name = "random-model", mixinStandardHelpOptions = true,
        description = "Write a random 28M-parameter Llama checkpoint (8 layers, hidden 512, 8 heads / 4 KV heads, "
                + "MLP 1408, vocab 4096) in Hugging Face layout with a tokenizer.json, for speed comparisons.")
public final class RandomModelCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "The checkpoint directory to write (created if needed).")
    Path out;

    @Option(names = "--seed", description = "Seed of the weights (default: ${DEFAULT-VALUE}).")
    long seed = 1;

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
