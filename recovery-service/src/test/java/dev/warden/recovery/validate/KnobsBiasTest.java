package dev.warden.recovery.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.proto.v1.RepairOptions;
import dev.warden.recovery.method.RepairKnobs;
import dev.warden.recovery.method.RepairKnobs.BiasProbe;
import org.junit.jupiter.api.Test;

class KnobsBiasTest {

    @Test
    void theBiasOptionsMapToTheKnobAndBack() {
        assertEquals(BiasProbe.OFF, Knobs.fromOptions(RepairOptions.getDefaultInstance()).bias());
        assertEquals(BiasProbe.MEASURE, Knobs.fromOptions(RepairOptions.newBuilder().setMeasureGroupParity(true)
                .build()).bias());
        assertEquals(BiasProbe.RESTORE, Knobs.fromOptions(RepairOptions.newBuilder().setBiasProbe(true).build())
                .bias(), "bias_probe implies the measurement");
        for (BiasProbe b : BiasProbe.values()) {
            RepairKnobs k = RepairKnobs.defaults().withBias(b);
            assertEquals(k, Knobs.fromOptions(Knobs.toOptions(k)));
            assertEquals(b, Knobs.resolved(k, 6).bias());
        }
        assertEquals(BiasProbe.OFF, RepairKnobs.defaults().bias(), "the paper's method by default");
    }
}
