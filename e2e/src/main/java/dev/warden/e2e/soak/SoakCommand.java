package dev.warden.e2e.soak;

import dev.warden.e2e.suite.RedisClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./warden soak}: the gateway under ordinary chat traffic for a bounded number of requests, in front of two
 * inference-service replicas behind one route, on loopback. Two phases:
 * <ol>
 *   <li><b>steady</b>: {@code --requests} (20,000) chat completions in three rounds of 8, 16 and 32 concurrent
 *   clients, random think times (0-{@code --think-ms} ms), half of them streamed, a fifth of those hung up
 *   mid-stream. Passes with no 5xx, no connection error, no generation left running or waiting on either
 *   replica afterwards, and the gateway's resident memory (sampled after each round) growing by less than
 *   {@code --rss-growth-mb} from the first round to the last;</li>
 *   <li><b>kill</b>: {@code --kill-requests} (4,000) more while replica 0 is killed with SIGKILL a quarter of the
 *   way in and restarted at once. Passes when every failure is a 503 with {@code Retry-After} (the calls that
 *   were on the dead replica), none is another 5xx or a connection error, and, after the restart, replica 0
 *   serves requests again (within 60 s of being ready) without the gateway being restarted.</li>
 * </ol>
 * Prints each round and a verdict; exit 0 when both phases passed, 1 when one did not, 2 when the rig could not
 * start. Redis must answer on 127.0.0.1:6379 (keys under a prefix of the run, deleted afterwards).
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Chat traffic through the gateway to two inference replicas, then one killed and restarted;"
                + " exit 0 when both phases passed, 1 when one did not, 2 when the rig could not start.")
public final class SoakCommand implements Callable<Integer> {

    private static final Pattern RUNNING = Pattern.compile(
            "warden_inference_requests_(running|waiting)\\{[^}]*} ([0-9.E]+)");
    private static final Pattern FINISHED = Pattern.compile("warden_inference_requests_total\\{[^}]*} ([0-9.E]+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Mixin
    private Options o;

    private SoakCommand() {
    }

    /** Options: {@code --requests N --kill-requests N --think-ms N --max-tokens a,b --rss-growth-mb N --root DIR}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SoakCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path root = o.root.toAbsolutePath().normalize();
        Path checkpoint = root.resolve("models/demo/aligned");
        if (!Files.isRegularFile(checkpoint.resolve("config.json"))) {
            System.err.println("soak: no demo model at " + checkpoint + "; build it with ./warden build-demo");
            return 2;
        }
        String namespace = "warden-soak-" + UUID.randomUUID().toString().substring(0, 8) + ":";
        Path logs = Files.createTempDirectory("warden-soak-");
        System.out.printf(Locale.ROOT, "soak: %s cores, Java %s; logs in %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), logs);
        int code;
        try (SoakRig rig = SoakRig.start(root, checkpoint, logs, 2, namespace)) {
            System.out.println("soak: gateway " + rig.baseUrl() + ", route " + SoakRig.MODEL + " -> "
                    + String.join(",", rig.replicaTargets()));
            String key = rig.key("soak");
            boolean steady = steady(rig, key, o);
            boolean kill = kill(rig, key, o);
            System.out.println("soak: steady " + (steady ? "PASSED" : "FAILED") + ", kill and restart "
                    + (kill ? "PASSED" : "FAILED"));
            code = steady && kill ? 0 : 1;
        } catch (RuntimeException e) {
            System.err.println("soak: " + e.getMessage());
            code = 2;
        } finally {
            try (RedisClient redis = RedisClient.connect("127.0.0.1", 6379)) {
                redis.deletePrefix(namespace);
            } catch (IOException e) {
                System.err.println("soak: could not delete " + namespace + "* in Redis: " + e.getMessage());
            }
        }
        return code;
    }

    private static boolean steady(SoakRig rig, String key, Options o) throws Exception {
        int[] clients = {8, 16, 32};
        List<Long> rss = new ArrayList<>();
        boolean ok = true;
        int served = 0;
        for (int round = 0; round < clients.length; round++) {
            int requests = round < clients.length - 1 ? o.requests / clients.length : o.requests - served;
            served += requests;
            ChatLoad.Result r = new ChatLoad(new ChatLoad.Spec(rig.baseUrl(), key, SoakRig.MODEL, requests,
                    clients[round], o.thinkMillis, 0.5, 0.2, o.maxTokens)).run();
            long kb = rssKb(rig.gateway().pid());
            rss.add(kb);
            System.out.printf(Locale.ROOT, "steady %d clients: %s; gateway RSS %.0f MB%n", clients[round],
                    r.summary(), kb / 1024.0);
            r.samples().forEach(s -> System.out.println("  " + s));
            ok &= r.serverErrors() == 0 && r.connectionErrors() == 0;
        }
        Thread.sleep(1000); // let cancelled generations wind down
        double stuck = 0;
        for (String target : rig.replicaTargets()) {
            stuck += sum(RUNNING, metrics(target));
        }
        double growthMb = (rss.get(rss.size() - 1) - rss.get(0)) / 1024.0;
        System.out.printf(Locale.ROOT, "steady: generations still running or waiting on the replicas: %.0f;"
                + " gateway RSS first round to last: %+.0f MB (limit %d)%n", stuck, growthMb, o.rssGrowthMb);
        return ok && stuck == 0 && growthMb < o.rssGrowthMb;
    }

    private static boolean kill(SoakRig rig, String key, Options o) throws Exception {
        ChatLoad load = new ChatLoad(new ChatLoad.Spec(rig.baseUrl(), key, SoakRig.MODEL, o.killRequests, 16,
                o.thinkMillis, 0.5, 0.2, o.maxTokens));
        ChatLoad.Result[] result = new ChatLoad.Result[1];
        Thread traffic = new Thread(() -> {
            try {
                result[0] = load.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "soak-traffic");
        traffic.start();
        Thread.sleep(o.killAfterMillis);
        long t0 = System.nanoTime();
        rig.killReplica(0);
        System.out.printf(Locale.ROOT, "kill: replica 0 (%s) killed with SIGKILL; restarting it%n",
                rig.replicaTargets().get(0));
        rig.startReplica(0);
        rig.awaitReplica(0);
        System.out.printf(Locale.ROOT, "kill: replica 0 serving again after %.1f s%n", (System.nanoTime() - t0) / 1e9);
        traffic.join();
        ChatLoad.Result r = result[0];
        System.out.println("kill: " + r.summary());
        r.samples().forEach(s -> System.out.println("  " + s));
        boolean failuresAre503 = r.serverErrors() == r.count(503) && r.unavailableWithRetryAfter() == r.count(503)
                && r.connectionErrors() == 0;
        // traffic comes back to the restarted replica without restarting the gateway (gRPC reconnects with
        // backoff: 1 s, then about 1.6 times longer each attempt); batches of 100 until it serves, at most 60 s
        long since = System.nanoTime();
        double servedByRestarted = 0;
        int afterRequests = 0;
        int afterErrors = 0;
        while (servedByRestarted == 0 && System.nanoTime() - since < Duration.ofSeconds(60).toNanos()) {
            ChatLoad.Result batch = new ChatLoad(new ChatLoad.Spec(rig.baseUrl(), key, SoakRig.MODEL, 100, 8,
                    o.thinkMillis, 0.5, 0, o.maxTokens)).run();
            afterRequests += batch.requests();
            afterErrors += batch.serverErrors() + batch.connectionErrors();
            servedByRestarted = sum(FINISHED, metrics(rig.replicaTargets().get(0)));
        }
        System.out.printf(Locale.ROOT, "after the restart: %d requests, %d errors; the restarted replica finished"
                        + " %.0f generations, %.1f s after it was ready%n", afterRequests, afterErrors,
                servedByRestarted, (System.nanoTime() - since) / 1e9);
        return failuresAre503 && afterErrors == 0 && servedByRestarted > 0;
    }

    private static String metrics(String target) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + target + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double sum(Pattern pattern, String metrics) {
        Matcher m = pattern.matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(m.groupCount()));
        }
        return total;
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** Command-line options. */
    private static final class Options {
        @Option(names = "--requests", paramLabel = "N", defaultValue = "20000",
                description = "requests of the steady phase, in rounds of 8, 16 and 32 clients"
                        + " (default: ${DEFAULT-VALUE})")
        int requests;
        @Option(names = "--kill-requests", paramLabel = "N", defaultValue = "4000",
                description = "requests of the kill phase (default: ${DEFAULT-VALUE})")
        int killRequests;
        @Option(names = "--think-ms", paramLabel = "N", defaultValue = "20",
                description = "a client's random think time between requests, up to N ms (default: ${DEFAULT-VALUE})")
        int thinkMillis;
        @Option(names = "--kill-after-ms", paramLabel = "N", defaultValue = "5000",
                description = "when replica 0 is killed after the kill phase starts (default: ${DEFAULT-VALUE})")
        long killAfterMillis;
        @Option(names = "--rss-growth-mb", paramLabel = "N", defaultValue = "64",
                description = "the gateway's allowed RSS growth from the first steady round to the last"
                        + " (default: ${DEFAULT-VALUE})")
        int rssGrowthMb;
        @Option(names = "--max-tokens", paramLabel = "N,N", split = ",", defaultValue = "1,2,4,8",
                description = "completion lengths the requests draw from (default: ${DEFAULT-VALUE})")
        List<Integer> maxTokens;
        @Option(names = "--root", paramLabel = "DIR", defaultValue = "${sys:warden.root:-.}",
                description = "the checkout, with models/demo (default: -Dwarden.root or the working directory)")
        Path root;
    }
}
