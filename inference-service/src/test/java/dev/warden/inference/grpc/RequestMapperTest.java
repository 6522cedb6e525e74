package dev.warden.inference.grpc;

import dev.warden.inference.generate.SamplingRequest;
import dev.warden.proto.v1.SamplingParams;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proto sampling fields reach the domain request: set ones with their values, unset ones still unset. */
class RequestMapperTest {

    @Test
    void everySamplingFieldIsCarriedOver() {
        SamplingRequest r = RequestMapper.sampling(SamplingParams.newBuilder().setMaxNewTokens(9).setTemperature(0.5f)
                .setTopK(4).setTopP(0.9f).setSeed(11).addStop("##").addStopTokenIds(7).setLogprobs(true)
                .setTopLogprobs(3).setIgnoreEos(true).build());
        assertEquals(9, r.maxNewTokens().getAsInt());
        assertEquals(0.5, r.temperature().getAsDouble(), 1e-6);
        assertEquals(4, r.topK());
        assertEquals(0.9, r.topP().getAsDouble(), 1e-6);
        assertEquals(11, r.seed().getAsLong());
        assertEquals(List.of("##"), r.stop());
        assertEquals(List.of(7L), r.stopTokenIds());
        assertTrue(r.logprobs());
        assertEquals(3, r.topLogprobs());
        assertTrue(r.ignoreEos());
    }

    @Test
    void unsetFieldsStayUnsetForTheDefaults() {
        SamplingRequest r = RequestMapper.sampling(SamplingParams.getDefaultInstance());
        assertTrue(r.maxNewTokens().isEmpty());
        assertTrue(r.temperature().isEmpty());
        assertTrue(r.topP().isEmpty());
        assertTrue(r.seed().isEmpty());
        assertFalse(r.ignoreEos(), "end-of-sequence stops a generation unless asked otherwise");
    }
}
