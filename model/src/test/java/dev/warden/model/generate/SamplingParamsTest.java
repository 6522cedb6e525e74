package dev.warden.model.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SamplingParamsTest {

    @Test
    void factoriesAndBuilderMakeValidParams() {
        SamplingParams greedy = SamplingParams.greedy(8);
        assertEquals(8, greedy.maxNewTokens());
        assertTrue(greedy.isGreedy());
        assertEquals(1.0, greedy.topP());

        SamplingParams sampled = SamplingParams.sampled(5, 0.7, 42).withStopTokenIds(List.of(2L, 3L))
                .withStopStrings("\n\n", "END");
        assertFalse(sampled.isGreedy());
        assertEquals(42, sampled.seed());
        assertEquals(Set.of(2L, 3L), sampled.stopTokenIds());
        assertEquals(List.of("\n\n", "END"), sampled.stopStrings());
        assertEquals(sampled, sampled.toBuilder().build());
        assertTrue(SamplingParams.builder().temperature(1).topK(1).build().isGreedy(), "top-k 1 is greedy");
    }

    @Test
    void collectionsAreCopied() {
        List<String> stops = new ArrayList<>(List.of("x"));
        SamplingParams params = SamplingParams.greedy(1).toBuilder().stopStrings(stops).build();
        stops.add("y");
        assertEquals(List.of("x"), params.stopStrings());
        assertThrows(UnsupportedOperationException.class, () -> params.stopStrings().add("z"));
    }

    @Test
    void badParametersAreRejectedByName() {
        expect("max_tokens", () -> SamplingParams.greedy(0));
        expect("max_tokens", () -> SamplingParams.greedy(-3));
        expect("temperature", () -> SamplingParams.sampled(4, -0.1, 0));
        expect("temperature", () -> SamplingParams.sampled(4, Double.NaN, 0));
        expect("temperature", () -> SamplingParams.sampled(4, Double.POSITIVE_INFINITY, 0));
        expect("top_k", () -> SamplingParams.builder().topK(-1).build());
        expect("top_p", () -> SamplingParams.builder().topP(0).build());
        expect("top_p", () -> SamplingParams.builder().topP(1.01).build());
        expect("top_p", () -> SamplingParams.builder().topP(Double.NaN).build());
        expect("stop_token_ids", () -> SamplingParams.builder().stopTokenIds(List.of(-1L)).build());
        expect("stop_token_ids", () -> SamplingParams.builder().stopTokenIds(Arrays.asList(1L, null)).build());
        expect("stop_token_ids", () -> SamplingParams.builder().stopTokenIds(null).build());
        expect("stop", () -> SamplingParams.builder().stopStrings(List.of("")).build());
        expect("stop", () -> SamplingParams.builder().stopStrings(Arrays.asList("a", null)).build());
        expect("top_logprobs", () -> SamplingParams.builder().logprobs(true).topLogprobs(21).build());
        expect("top_logprobs", () -> SamplingParams.builder().logprobs(true).topLogprobs(-1).build());
        expect("top_logprobs", () -> SamplingParams.builder().topLogprobs(2).build());
    }

    private static void expect(String parameter, Supplier<SamplingParams> build) {
        InvalidSamplingException e = assertThrows(InvalidSamplingException.class, build::get, parameter);
        assertEquals(parameter, e.parameter());
        assertTrue(e.getMessage().startsWith(parameter + ": "), e.getMessage());
        assertTrue(e instanceof IllegalArgumentException);
    }
}
