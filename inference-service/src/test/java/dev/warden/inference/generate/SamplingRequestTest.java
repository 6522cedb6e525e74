package dev.warden.inference.generate;

import dev.warden.inference.error.InvalidArgumentException;
import dev.warden.model.generate.SamplingParams;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Defaults and the field each invalid setting is reported under. */
class SamplingRequestTest {

    private static SamplingRequest with(OptionalInt max, OptionalDouble temperature, int topK, OptionalDouble topP) {
        return new SamplingRequest(max, temperature, topK, topP, OptionalLong.of(1), List.of(), List.of(), false, 0, false);
    }

    @Test
    void unsetFieldsGetTheDocumentedDefaults() {
        SamplingParams p = SamplingRequest.defaults().toParams(256);
        assertEquals(256, p.maxNewTokens(), "the service's limit");
        assertEquals(1.0, p.temperature());
        assertEquals(1.0, p.topP());
        assertEquals(0, p.topK());
    }

    @Test
    void eachInvalidFieldIsNamedAsTheProtoSpellsIt() {
        assertField("sampling.max_new_tokens", with(OptionalInt.of(0), OptionalDouble.empty(), 0, OptionalDouble.empty()));
        assertField("sampling.max_new_tokens", with(OptionalInt.of(300), OptionalDouble.empty(), 0, OptionalDouble.empty()));
        assertField("sampling.temperature", with(OptionalInt.empty(), OptionalDouble.of(-1), 0, OptionalDouble.empty()));
        assertField("sampling.top_k", with(OptionalInt.empty(), OptionalDouble.empty(), -2, OptionalDouble.empty()));
        assertField("sampling.top_p", with(OptionalInt.empty(), OptionalDouble.empty(), 0, OptionalDouble.of(0)));
        assertField("sampling.top_p", with(OptionalInt.empty(), OptionalDouble.empty(), 0, OptionalDouble.of(1.5)));
    }

    private static void assertField(String field, SamplingRequest request) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> request.toParams(256));
        assertEquals(field, e.field());
        assertEquals(true, e.getMessage().startsWith(field + ": "), e.getMessage());
    }
}
