package dev.warden.e2e.suite;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Suite#start} refuses before it starts anything. */
class SuiteTest {

    @TempDir
    Path root;

    @Test
    void aMissingPackageIsNamedWithTheCommandThatBuildsIt() {
        SuiteException e = assertThrows(SuiteException.class, () -> Suite.start(config(SuitePorts.random()),
                line -> { }));
        assertTrue(e.getMessage().startsWith("not packaged: inference-service, judge-service, gateway,"
                + " recovery-service"), e.getMessage());
        assertTrue(e.getMessage().contains("./mvnw -B -DskipTests package"), e.getMessage());
    }

    @Test
    void aMissingDemoModelIsNamed() throws Exception {
        fakePackages();
        SuiteException e = assertThrows(SuiteException.class, () -> Suite.start(config(SuitePorts.random()),
                line -> { }));
        assertTrue(e.getMessage().startsWith("no demo model at " + root.resolve("models/demo/aligned")),
                e.getMessage());
    }

    @Test
    void aTakenPortIsRefusedBeforeAnythingStarts() throws Exception {
        fakePackages();
        for (String m : List.of("aligned", "finetuned", "finetuned-sai")) {
            Files.createDirectories(root.resolve("models/demo").resolve(m));
            Files.writeString(root.resolve("models/demo").resolve(m).resolve("config.json"), "{}");
        }
        SuitePorts ports = SuitePorts.random();
        try (ServerSocket taken = new ServerSocket(ports.judge(), 1, InetAddress.getLoopbackAddress())) {
            List<String> progress = new ArrayList<>();
            SuiteException e = assertThrows(SuiteException.class, () -> Suite.start(config(ports), progress::add));
            assertTrue(e.getMessage().startsWith("port " + ports.judge() + " (judge) is already in use"),
                    e.getMessage());
            assertTrue(progress.isEmpty(), "nothing was started: " + progress);
            assertFalse(Files.exists(root.resolve("run/pids")), "no pid file was written");
        }
    }

    @Test
    void portsMustDiffer() {
        assertThrows(IllegalArgumentException.class, () -> new SuitePorts(8080, 9001, 9001, 9002, 8083, 9003));
        SuitePorts random = SuitePorts.random();
        assertTrue(random.byRole().values().stream().distinct().count() == 6);
    }

    private SuiteConfig config(SuitePorts ports) {
        return SuiteConfig.builder(root).runDir(root.resolve("run")).ports(ports).build();
    }

    private void fakePackages() throws Exception {
        for (String module : Suite.MODULES) {
            Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "");
        }
    }
}
