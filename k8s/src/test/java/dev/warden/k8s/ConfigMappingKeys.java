package dev.warden.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys a service's {@code @ConfigMapping} interface defines, read from its Java source (the
 * test cannot load the service's classes without building it): the prefix, then one key per method in
 * SmallRye's kebab-case naming, nested interfaces as groups, {@code Map<String, Group>} as {@code *} keys.
 * Keys come back as patterns such as {@code warden.gateway.models.*.target}.
 */
public final class ConfigMappingKeys {

    private static final Pattern MAPPING = Pattern.compile(
            "@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"\\s*\\)[^{;]*?interface\\s+(\\w+)[^{]*\\{");
    private static final Pattern INTERFACE = Pattern.compile("interface\\s+(\\w+)[^{;]*\\{");
    private static final Pattern METHOD = Pattern.compile(
            "((?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*)([\\w.]+(?:\\s*<[^;(){}]*>)?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");

    /** A mapping: its prefix and its keys. */
    public record Mapping(String prefix, Set<String> keys, String source) {
    }

    private ConfigMappingKeys() {
    }

    /** The {@code @ConfigMapping} of the module in {@code moduleDir}, if its sources declare one. */
    public static Optional<Mapping> find(Path moduleDir) {
        Path src = moduleDir.resolve("src/main/java");
        if (!Files.isDirectory(src)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Repo.read(f);
                if (text.contains("@ConfigMapping")) {
                    return Optional.of(parse(text, moduleDir.relativize(f).toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.empty();
    }

    /** The mapping of one Java source file. */
    public static Mapping parse(String javaSource, String sourceName) {
        String src = stripComments(javaSource);
        Matcher m = MAPPING.matcher(src);
        if (!m.find()) {
            throw new IllegalArgumentException(sourceName + ": no @ConfigMapping(prefix = \"...\") interface");
        }
        Map<String, String> interfaces = new LinkedHashMap<>();
        Matcher i = INTERFACE.matcher(src);
        while (i.find()) {
            interfaces.put(i.group(1), body(src, i.end() - 1));
        }
        Set<String> keys = new TreeSet<>();
        collect(interfaces.get(m.group(2)), m.group(1), interfaces, keys, 0);
        return new Mapping(m.group(1), keys, sourceName);
    }

    private static void collect(String body, String prefix, Map<String, String> interfaces, Set<String> keys, int depth) {
        if (depth > 10) {
            throw new IllegalStateException("groups nested too deep at " + prefix);
        }
        Matcher m = METHOD.matcher(topLevel(body));
        while (m.find()) {
            String annotations = m.group(1);
            String type = m.group(2).replaceAll("\\s", "");
            Matcher named = WITH_NAME.matcher(annotations);
            String name = named.find() ? named.group(1) : kebab(m.group(3));
            String key = annotations.contains("@WithParentName") ? prefix : prefix + "." + name;
            String inner = unwrap(type, "Optional");
            if (inner.startsWith("Map<")) {
                String value = inner.substring(inner.indexOf(',') + 1, inner.length() - 1);
                String group = simpleName(unwrap(value, "Optional"));
                if (interfaces.containsKey(group)) {
                    collect(interfaces.get(group), key + ".*", interfaces, keys, depth + 1);
                } else {
                    keys.add(key + ".*");
                }
            } else if (interfaces.containsKey(simpleName(inner))) {
                collect(interfaces.get(simpleName(inner)), key, interfaces, keys, depth + 1);
            } else {
                keys.add(key);
            }
        }
    }

    /** SmallRye's default naming: {@code maxNewTokens} to {@code max-new-tokens}. */
    public static String kebab(String method) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < method.length(); k++) {
            char c = method.charAt(k);
            if (Character.isUpperCase(c)) {
                boolean prevLower = k > 0 && !Character.isUpperCase(method.charAt(k - 1));
                boolean nextLower = k + 1 < method.length() && Character.isLowerCase(method.charAt(k + 1));
                if (k > 0 && (prevLower || nextLower)) {
                    b.append('-');
                }
                b.append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String unwrap(String type, String wrapper) {
        return type.startsWith(wrapper + "<") ? type.substring(wrapper.length() + 1, type.length() - 1) : type;
    }

    private static String simpleName(String type) {
        String t = type.contains("<") ? type.substring(0, type.indexOf('<')) : type;
        return t.substring(t.lastIndexOf('.') + 1);
    }

    /** The text between the brace at {@code open} and its match. */
    private static String body(String src, int open) {
        int depth = 0;
        for (int k = open; k < src.length(); k++) {
            char c = src.charAt(k);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return src.substring(open + 1, k);
            }
        }
        throw new IllegalArgumentException("unbalanced braces");
    }

    /** {@code body} without the contents of nested blocks (nested interfaces, default methods). */
    private static String topLevel(String body) {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        for (int k = 0; k < body.length(); k++) {
            char c = body.charAt(k);
            if (c == '{') {
                depth++;
                if (depth == 1) {
                    b.append("{}");
                }
            } else if (c == '}') {
                depth--;
            } else if (depth == 0) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Java source without comments; string literals kept. */
    static String stripComments(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int k = 0;
        while (k < s.length()) {
            char c = s.charAt(k);
            if (c == '"') {
                int end = k + 1;
                while (end < s.length() && s.charAt(end) != '"') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                b.append(s, k, Math.min(end + 1, s.length()));
                k = end + 1;
            } else if (s.startsWith("//", k)) {
                while (k < s.length() && s.charAt(k) != '\n') {
                    k++;
                }
            } else if (s.startsWith("/*", k)) {
                int end = s.indexOf("*/", k + 2);
                k = end < 0 ? s.length() : end + 2;
                b.append(' ');
            } else {
                b.append(c);
                k++;
            }
        }
        return b.toString();
    }
}
