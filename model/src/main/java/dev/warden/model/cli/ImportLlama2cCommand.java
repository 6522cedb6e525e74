package dev.warden.model.cli;

import dev.warden.model.checkpoint.CheckpointException;
import dev.warden.model.checkpoint.Llama2cImport;
import dev.warden.model.tokenizer.TokenizerException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./warden import-llama2c}: a llama2.c tokenizer (and optionally a model in Hugging Face layout) to a
 * checkpoint directory that the suite serves (see {@link Llama2cImport}).
 */
@Command(name = "import-llama2c", mixinStandardHelpOptions = true,
        description = "Convert a llama2.c tokenizer (tok512.bin, tokenizer.bin) to tokenizer.json + "
                + "tokenizer_config.json, with a Hugging Face layout model's config.json and safetensors beside them.")
public final class ImportLlama2cCommand implements Callable<Integer> {

    @Option(names = "--tokenizer", required = true, description = "The llama2.c tokenizer file.")
    Path tokenizer;

    @Option(names = "--model", description = "A model directory in Hugging Face layout (config.json + "
            + "safetensors) to put beside the tokenizer.")
    Path model;

    @Option(names = "--out", required = true, description = "The checkpoint directory to write (created if needed).")
    Path out;

    @Override
    public Integer call() {
        Llama2cImport.Result result;
        try {
            result = Llama2cImport.run(tokenizer, model, out);
        } catch (CheckpointException | TokenizerException | IOException e) {
            System.err.println("warden import-llama2c: " + e.getMessage());
            return 1;
        }
        System.out.printf("wrote %s: %s (%d tokens%s)%n", out, String.join(", ", result.files()), result.tokens(),
                result.linked().isEmpty() ? "" : "; hard-linked " + String.join(", ", result.linked()));
        if (model != null) {
            System.out.println("serve it: ./warden serve --model " + out);
        }
        return 0;
    }
}
