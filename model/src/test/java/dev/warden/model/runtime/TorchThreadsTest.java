package dev.warden.model.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CPU threading defaults: one thread unless configured, a command-line property wins, passive OpenMP. */
class TorchThreadsTest {

    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(TorchThreads.PROPERTY);
        System.clearProperty(TorchThreads.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(TorchThreads.PROPERTY);
        } else {
            System.setProperty(TorchThreads.PROPERTY, saved);
        }
    }

    @Test
    void oneThreadWhenNothingIsConfigured() {
        assertEquals(1, TorchThreads.applyDefault(Optional.empty()));
        assertEquals("1", System.getProperty(TorchThreads.PROPERTY));
    }

    @Test
    void theConfiguredValueWhenThePropertyIsUnset() {
        assertEquals(4, TorchThreads.applyDefault(Optional.of(4)));
        assertEquals("4", System.getProperty(TorchThreads.PROPERTY));
    }

    @Test
    void anExplicitPropertyWinsOverTheConfiguration() {
        System.setProperty(TorchThreads.PROPERTY, "3");
        assertEquals(3, TorchThreads.applyDefault(Optional.of(1)));
        assertEquals("3", System.getProperty(TorchThreads.PROPERTY));
    }

    @Test
    void nonsenseIsRejectedWithTheName() {
        assertThrows(IllegalArgumentException.class, () -> TorchThreads.applyDefault(Optional.of(0)));
        System.setProperty(TorchThreads.PROPERTY, "two");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchThreads.applyDefault(Optional.empty()));
        assertTrue(e.getMessage().contains(TorchThreads.PROPERTY), e.getMessage());
    }

    @Test
    void warnsOnlyAboutSeveralThreadsThatSpin() {
        assertTrue(TorchThreads.spinWarning(1, Map.of()).isEmpty());
        assertTrue(TorchThreads.spinWarning(2, Map.of("OMP_WAIT_POLICY", "PASSIVE")).isEmpty());
        assertTrue(TorchThreads.spinWarning(2, Map.of()).orElseThrow().contains("OMP_WAIT_POLICY=PASSIVE"));
    }

    @Test
    void childrenGetPassiveUnlessAPolicyIsNamed() {
        assertEquals("PASSIVE", TorchThreads.childEnvironment(new HashMap<>()).get("OMP_WAIT_POLICY"));
        Map<String, String> active = new HashMap<>(Map.of("OMP_WAIT_POLICY", "ACTIVE"));
        assertEquals("ACTIVE", TorchThreads.childEnvironment(active).get("OMP_WAIT_POLICY"));
    }
}
