package dev.warden.tools.judge.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped held-out file is exactly what the generator makes from the shipped content and seed. */
class ShippedCorpusTest {

    @Test
    void shippedHeldOutSplitIsUpToDateWithContentAndGenerator() {
        List<LabelledExample> shipped = CorpusFiles.load(Split.HELDOUT);
        List<LabelledExample> regenerated = new CorpusGenerator(CorpusContent.load(), GeneratorSettings.defaults())
                .generate(Split.HELDOUT);
        assertEquals(regenerated.size(), shipped.size());
        for (int i = 0; i < shipped.size(); i++) {
            assertEquals(CorpusJsonl.line(regenerated.get(i)), CorpusJsonl.line(shipped.get(i)), "example " + i);
        }
    }
}
