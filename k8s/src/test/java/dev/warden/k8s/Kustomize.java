package dev.warden.k8s;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a kustomization with the real kustomize: {@code $KUSTOMIZE} or {@code kustomize build} when present,
 * else {@code kubectl kustomize} (kubectl embeds kustomize; this project's machines have kubectl with kustomize
 * v5.5.0). Version 5 or later is required (the manifests use {@code labels}, {@code patches} and components).
 */
public final class Kustomize {

    private static final Pattern VERSION = Pattern.compile("[Kk]ustomize[ A-Za-z]*:?\\s*v?(\\d+)\\.(\\d+)\\.(\\d+)|^v?(\\d+)\\.(\\d+)\\.(\\d+)",
            Pattern.MULTILINE);

    private static volatile List<String> command;
    private static volatile String version;

    private Kustomize() {
    }

    /** The rendered YAML stream of the kustomization in {@code dir}; a failed build throws with kustomize's message. */
    public static String build(Path dir) {
        List<String> cmd = new ArrayList<>(command());
        cmd.add(dir.toAbsolutePath().toString());
        Result r = run(cmd);
        if (r.exit != 0) {
            throw new IllegalStateException("kustomize build " + dir + " failed (exit " + r.exit + "): " + r.err);
        }
        return r.out;
    }

    /** The kustomize version in use, for example {@code 5.5.0}. */
    public static String version() {
        command();
        return version;
    }

    private static List<String> command() {
        if (command == null) {
            synchronized (Kustomize.class) {
                if (command == null) {
                    command = locate();
                }
            }
        }
        return command;
    }

    private static List<String> locate() {
        String env = System.getenv("KUSTOMIZE");
        List<List<String>> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            candidates.add(List.of(env, "build"));
        }
        onPath("kustomize").ifPresent(p -> candidates.add(List.of(p, "build")));
        onPath("kubectl").ifPresent(p -> candidates.add(List.of(p, "kustomize")));
        for (List<String> c : candidates) {
            String v = versionOf(c);
            if (v != null && Integer.parseInt(v.substring(0, v.indexOf('.'))) >= 5) {
                version = v;
                return c;
            }
        }
        throw new IllegalStateException("no kustomize >= 5 found: install kustomize (or kubectl >= 1.27, which embeds"
                + " it) on the PATH, or set KUSTOMIZE to its path. Tried: " + candidates);
    }

    private static String versionOf(List<String> cmd) {
        List<String> v = cmd.get(1).equals("build") ? List.of(cmd.get(0), "version") : List.of(cmd.get(0), "version", "--client");
        Result r = run(v);
        if (r.exit != 0) {
            return null;
        }
        Matcher m = VERSION.matcher(r.out);
        while (m.find()) {
            if (m.group(1) != null) {
                return m.group(1) + "." + m.group(2) + "." + m.group(3);
            }
            if (cmd.get(1).equals("build") && m.group(4) != null) {
                return m.group(4) + "." + m.group(5) + "." + m.group(6);
            }
        }
        return null;
    }

    private static java.util.Optional<String> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return java.util.Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return java.util.Optional.of(p.toString());
            }
        }
        return java.util.Optional.empty();
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> cmd) {
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("timed out: " + cmd);
                }
                return new Result(p.exitValue(), out, Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
