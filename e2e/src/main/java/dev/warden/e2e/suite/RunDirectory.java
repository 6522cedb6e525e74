package dev.warden.e2e.suite;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a suite keeps what outlives one command: {@code logs/<name>.log}, {@code pids/<name>.pid} (the pid and
 * the process's start time, so that a recycled pid is never taken for ours) and {@code suite.properties} (the
 * endpoints, tokens and the dev key that {@code ./warden up} printed; readable by the owner only).
 */
public final class RunDirectory {

    /** A process recorded in a pid file. */
    public record Recorded(String name, long pid, Instant started) {

        /** The process, when it still runs and is the one recorded (same start time). */
        public Optional<ProcessHandle> live() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.info().startInstant()
                    .map(s -> Duration.between(s, started).abs().compareTo(Duration.ofSeconds(2)) <= 0)
                    .orElse(false));
        }
    }

    private final Path dir;

    /** The run directory {@code dir} (created when something is written). */
    public RunDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** The log file of {@code name}. */
    public Path log(String name) {
        return dir.resolve("logs").resolve(name + ".log");
    }

    /** Records {@code process} under {@code name}. */
    public void recordPid(String name, ProcessHandle process) {
        Instant started = process.info().startInstant().orElse(Instant.now());
        write(dir.resolve("pids").resolve(name + ".pid"), process.pid() + " " + started.toEpochMilli() + "\n");
    }

    /** Every recorded process, in name order. */
    public List<Recorded> recorded() {
        Path pids = dir.resolve("pids");
        List<Recorded> out = new ArrayList<>();
        if (!Files.isDirectory(pids)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pids, "*.pid")) {
            for (Path file : files) {
                String[] fields = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+");
                String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
                try {
                    out.add(new Recorded(name, Long.parseLong(fields[0]),
                            Instant.ofEpochMilli(Long.parseLong(fields[1]))));
                } catch (RuntimeException malformed) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pid files in " + pids, e);
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** Forgets {@code name}'s pid file. */
    public void forget(String name) {
        try {
            Files.deleteIfExists(dir.resolve("pids").resolve(name + ".pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores {@code properties} as {@code suite.properties}, readable by the owner only (it holds tokens). */
    public void saveProperties(String file, Properties properties) {
        Path path = dir.resolve(file);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(path);
            Files.createFile(path);
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // keep the file system's default
            }
            try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
                properties.store(w, "written by ./warden; holds secrets");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** The properties stored as {@code file}, or empty ones. */
    public Properties loadProperties(String file) {
        Properties p = new Properties();
        Path path = dir.resolve(file);
        if (Files.isRegularFile(path)) {
            try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        return p;
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
