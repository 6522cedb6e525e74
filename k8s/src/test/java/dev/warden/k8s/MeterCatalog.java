package dev.warden.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Micrometer meters a service registers, read from its Java sources ({@code Counter.builder("warden.x")},
 * {@code Timer.builder(CONSTANT)}, helpers such as {@code private Timer timer(String name, ...)} called with a
 * name), and the Prometheus series each one exports ({@code warden.gateway.requests} counter:
 * {@code warden_gateway_requests_total}; a timer: {@code _seconds_count}, {@code _sum}, {@code _max}, and
 * {@code _bucket} when it publishes a histogram).
 */
public final class MeterCatalog {

    /** Micrometer meter types. */
    public enum Type {
        /** Counter. */
        COUNTER,
        /** Timer (seconds). */
        TIMER,
        /** Gauge. */
        GAUGE,
        /** Distribution summary. */
        SUMMARY
    }

    /** A meter: its dotted name, type and whether it publishes histogram buckets. */
    public record Meter(String name, Type type, boolean histogram) {
        /** The Prometheus series it exports. */
        public Set<String> series() {
            String base = name.replace('.', '_');
            Set<String> s = new LinkedHashSet<>();
            switch (type) {
                case COUNTER -> s.add(base.endsWith("_total") ? base : base + "_total");
                case GAUGE -> s.add(base);
                case TIMER -> distribution(base + "_seconds", s);
                case SUMMARY -> distribution(base, s);
                default -> throw new IllegalStateException();
            }
            return s;
        }

        private void distribution(String base, Set<String> s) {
            s.add(base + "_count");
            s.add(base + "_sum");
            s.add(base + "_max");
            if (histogram) {
                s.add(base + "_bucket");
            }
        }
    }

    /**
     * recovery-service's meters while its metrics are being written (the dashboard's contract with it); as soon
     * as its sources register warden.recovery meters, they are read from there instead.
     */
    static final List<Meter> RECOVERY_CONTRACT = List.of(
            new Meter("warden.recovery.jobs", Type.GAUGE, false),
            new Meter("warden.recovery.step", Type.TIMER, false),
            new Meter("warden.recovery.restored.weights", Type.COUNTER, false));

    private static final String NAME = "(?:\"(warden\\.[a-z0-9.]+)\"|([A-Z][A-Z0-9_]*))";
    private static final Pattern CONSTANT = Pattern.compile(
            "static\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Counter|FunctionCounter|Timer|FunctionTimer|Gauge|DistributionSummary)\\s*\\.\\s*builder\\s*\\(\\s*" + NAME);
    private static final Pattern HELPER = Pattern.compile(
            "\\b(Counter|Timer|Gauge|DistributionSummary)(?:\\s*\\.\\s*Builder)?\\s+(\\w+)\\s*\\([^)]*\\)\\s*\\{");
    private static final Pattern REGISTRY = Pattern.compile("\\.\\s*(counter|timer|gauge|summary)\\s*\\(\\s*" + NAME);

    private MeterCatalog() {
    }

    /** The meters of a service module, by dotted name. */
    public static Map<String, Meter> of(ServiceModule service) {
        Map<String, String> sources = new LinkedHashMap<>();
        Path src = service.dir().resolve("src/main/java");
        if (Files.isDirectory(src)) {
            try (Stream<Path> files = Files.walk(src)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    String text = Repo.read(f);
                    if (text.contains("io.micrometer")) {
                        sources.put(f.toString(), text);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, Meter> meters = parse(sources.values());
        if (service.workload().equals("recovery") && meters.keySet().stream().noneMatch(n -> n.startsWith("warden.recovery."))) {
            RECOVERY_CONTRACT.forEach(m -> meters.put(m.name(), m));
        }
        return meters;
    }

    /** The meters registered by these Java sources. */
    public static Map<String, Meter> parse(Iterable<String> javaSources) {
        Map<String, Meter> meters = new TreeMap<>();
        for (String raw : javaSources) {
            String src = ConfigMappingKeys.stripComments(raw);
            Map<String, String> constants = new LinkedHashMap<>();
            Matcher c = CONSTANT.matcher(src);
            while (c.find()) {
                constants.put(c.group(1), c.group(2));
            }
            Matcher b = BUILDER.matcher(src);
            while (b.find()) {
                add(meters, type(b.group(1)), name(b, constants), histogram(statement(src, b.start())));
            }
            Matcher h = HELPER.matcher(src);
            while (h.find()) {
                String helper = h.group(2);
                if (helper.equals("builder")) {
                    continue;
                }
                boolean helperHistogram = histogram(block(src, h.end() - 1));
                Matcher call = Pattern.compile("\\b" + helper + "\\s*\\(\\s*" + NAME).matcher(src);
                while (call.find()) {
                    add(meters, type(h.group(1)), name(call, constants),
                            helperHistogram || histogram(statement(src, call.start())));
                }
            }
            Matcher r = REGISTRY.matcher(src);
            while (r.find()) {
                add(meters, type(r.group(1)), name(r, constants), false);
            }
        }
        return meters;
    }

    private static void add(Map<String, Meter> meters, Type type, String name, boolean histogram) {
        if (name == null || !name.startsWith("warden.")) {
            return;
        }
        Meter previous = meters.get(name);
        meters.put(name, new Meter(name, type, histogram || (previous != null && previous.histogram())));
    }

    private static String name(Matcher m, Map<String, String> constants) {
        int g = m.groupCount();
        return m.group(g - 1) != null ? m.group(g - 1) : constants.get(m.group(g));
    }

    private static Type type(String word) {
        return switch (word) {
            case "Counter", "FunctionCounter", "counter" -> Type.COUNTER;
            case "Timer", "FunctionTimer", "timer" -> Type.TIMER;
            case "Gauge", "gauge" -> Type.GAUGE;
            default -> Type.SUMMARY;
        };
    }

    private static boolean histogram(String code) {
        return code.contains("publishPercentileHistogram") || code.contains("serviceLevelObjectives");
    }

    private static String statement(String src, int from) {
        int end = src.indexOf(';', from);
        return src.substring(from, end < 0 ? src.length() : end);
    }

    private static String block(String src, int open) {
        int depth = 0;
        for (int k = open; k < src.length(); k++) {
            if (src.charAt(k) == '{') {
                depth++;
            } else if (src.charAt(k) == '}' && --depth == 0) {
                return src.substring(open, k);
            }
        }
        return src.substring(open);
    }
}
