package dev.warden.e2e.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aRecordedLiveProcessIsFoundAgain() {
        RunDirectory run = new RunDirectory(dir);
        run.recordPid("gateway", ProcessHandle.current());
        List<RunDirectory.Recorded> recorded = run.recorded();
        assertEquals(1, recorded.size());
        assertEquals("gateway", recorded.get(0).name());
        assertEquals(ProcessHandle.current().pid(), recorded.get(0).pid());
        assertTrue(recorded.get(0).live().isPresent());
        run.forget("gateway");
        assertTrue(run.recorded().isEmpty());
    }

    @Test
    void aRecycledPidIsNotTakenForTheRecordedProcess() throws Exception {
        // the pid of this JVM, but a start time an hour earlier: another process that had the pid before
        long started = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli() - 3_600_000;
        Files.createDirectories(dir.resolve("pids"));
        Files.writeString(dir.resolve("pids/judge.pid"), ProcessHandle.current().pid() + " " + started + "\n");
        RunDirectory.Recorded r = new RunDirectory(dir).recorded().get(0);
        assertFalse(r.live().isPresent());
    }

    @Test
    void aMalformedPidFileIsDropped() throws Exception {
        Files.createDirectories(dir.resolve("pids"));
        Files.writeString(dir.resolve("pids/redis.pid"), "not a pid\n");
        assertTrue(new RunDirectory(dir).recorded().isEmpty());
        assertFalse(Files.exists(dir.resolve("pids/redis.pid")));
    }

    @Test
    void propertiesWithSecretsAreReadableByTheOwnerOnly() throws Exception {
        RunDirectory run = new RunDirectory(dir);
        Properties p = new Properties();
        p.setProperty("admin.token", "0123456789abcdef-_");
        run.saveProperties("suite.properties", p);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                dir.resolve("suite.properties"))));
        assertEquals("0123456789abcdef-_", run.loadProperties("suite.properties").getProperty("admin.token"));
        assertTrue(run.loadProperties("absent.properties").isEmpty());
    }
}
