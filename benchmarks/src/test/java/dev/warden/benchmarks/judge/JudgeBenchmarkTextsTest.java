package dev.warden.benchmarks.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.judge.score.JudgeRequest;
import dev.warden.tools.judge.corpus.CorpusFiles;
import dev.warden.tools.judge.corpus.ExampleKind;
import dev.warden.tools.judge.corpus.LabelledExample;
import dev.warden.tools.judge.corpus.Split;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bench-judge's texts mix the held-out split's prompts and responses in its proportion, the same every run. */
class JudgeBenchmarkTextsTest {

    @Test
    void promptsAndResponsesInTheSplitsProportion() {
        List<LabelledExample> heldout = CorpusFiles.load(Split.HELDOUT);
        List<JudgeRequest> texts = JudgeBenchmark.requests(heldout);
        long responses = texts.stream().filter(r -> !r.response().isEmpty()).count();
        long splitResponses = heldout.stream().filter(e -> e.kind() == ExampleKind.RESPONSE).count();
        assertEquals(2_000, texts.size());
        assertEquals(Math.round(2_000.0 * splitResponses / heldout.size()), responses);
        texts.forEach(r -> assertEquals(2_048, (r.response().isEmpty() ? r.prompt().get(0).content() : r.response())
                .length()));
        assertEquals(texts, JudgeBenchmark.requests(heldout));
    }
}
