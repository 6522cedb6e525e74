package dev.warden.model.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * llama.cpp's tokenizer test vectors ({@code ggml-vocab-NAME.gguf.inp} / {@code .out}): the test strings,
 * each followed by {@code "\n__ggml_vocab_test__\n"}, and one line of expected ids per string (no BOS).
 */
record GgmlVocabVectors(List<Case> cases) {

    /** One test string and its expected ids. */
    record Case(String text, long[] ids) {
        @Override
        public String toString() {
            return "'" + text.replace("\n", "\\n").replace("\t", "\\t") + "' -> " + Arrays.toString(ids);
        }
    }

    static GgmlVocabVectors read(Path dir, String name) throws IOException {
        String inp = Files.readString(dir.resolve("ggml-vocab-" + name + ".gguf.inp"), StandardCharsets.UTF_8);
        List<String> out = Files.readAllLines(dir.resolve("ggml-vocab-" + name + ".gguf.out"), StandardCharsets.UTF_8);
        String separator = "\n__ggml_vocab_test__\n";
        List<String> texts = new ArrayList<>();
        int from = 0;
        for (int at = inp.indexOf(separator); at >= 0; at = inp.indexOf(separator, from)) {
            texts.add(inp.substring(from, at));
            from = at + separator.length();
        }
        if (texts.size() != out.size()) {
            throw new IllegalStateException(name + ": " + texts.size() + " strings but " + out.size() + " id lines");
        }
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String line = out.get(i).trim();
            long[] ids = line.isEmpty() ? new long[0] : Arrays.stream(line.split("\\s+")).mapToLong(Long::parseLong).toArray();
            cases.add(new Case(texts.get(i), ids));
        }
        return new GgmlVocabVectors(List.copyOf(cases));
    }
}
