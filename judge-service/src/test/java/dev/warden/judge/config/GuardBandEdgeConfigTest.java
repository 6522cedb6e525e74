package dev.warden.judge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.warden.judge.tiers.PromptGuard.BandEdge;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code warden.judge.classifier.guard-band-edge}: {@code escalation} by default, {@code strict} on request. */
class GuardBandEdgeConfigTest {

    private static final String KEY = "warden.judge.classifier.guard-band-edge";

    private static JudgeConfig config(String edge) {
        SmallRyeConfigBuilder b = new SmallRyeConfigBuilder().withMapping(JudgeConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter());
        if (edge != null) {
            b.withDefaultValue(KEY, edge);
        }
        return b.build().getConfigMapping(JudgeConfig.class);
    }

    @Test
    void theEscalationEdgeIsTheDefaultAndStrictCanBeChosen() {
        assertEquals(BandEdge.ESCALATION, config(null).classifier().guardBandEdge());
        assertEquals(BandEdge.STRICT, config("strict").classifier().guardBandEdge());
        assertEquals(BandEdge.ESCALATION, config("escalation").classifier().guardBandEdge());
    }

    @Test
    void anotherValueIsRefusedAtStartup() {
        assertThrows(RuntimeException.class, () -> config("lenient"));
    }
}
