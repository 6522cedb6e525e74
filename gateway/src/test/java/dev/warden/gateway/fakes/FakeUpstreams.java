package dev.warden.gateway.fakes;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The fake inference-service ({@link ScriptedInference}) and judge-service ({@link MarkerJudge}) as real gRPC
 * servers on loopback, on free ports, in this JVM: what the gateway's tests and its benchmark point the gateway
 * at. {@link #close()} stops them.
 */
public final class FakeUpstreams implements AutoCloseable {

    private final ScheduledExecutorService timer;
    private final Rendezvous rendezvous;
    private final ScriptedInference inference;
    private final MarkerJudge judge;
    private final Server inferenceServer;
    private final Server judgeServer;

    private FakeUpstreams(int inferencePort, int judgePort) throws IOException {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "fake-upstreams-timer");
            thread.setDaemon(true);
            return thread;
        });
        rendezvous = new Rendezvous(timer);
        inference = new ScriptedInference(timer, rendezvous);
        judge = new MarkerJudge(timer, rendezvous);
        inferenceServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", inferencePort))
                .directExecutor().addService(inference).build().start();
        judgeServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", judgePort)).directExecutor()
                .addService(judge).build().start();
    }

    /** Starts both servers on free ports. */
    public static FakeUpstreams start() {
        return start(0, 0);
    }

    /** Starts both servers on these loopback ports (0: a free one). */
    public static FakeUpstreams start(int inferencePort, int judgePort) {
        try {
            return new FakeUpstreams(inferencePort, judgePort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake upstreams", e);
        }
    }

    /**
     * Serves the fakes until killed, for trying the gateway without a model: {@code [inference port] [judge
     * port]}, by default 9001 and 9002 (the real services' ports, where the gateway looks by default).
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Serve()).execute(args));
    }

    /** {@link #main}'s command line. */
    @Command(name = "fake-upstreams", mixinStandardHelpOptions = true,
            description = "The fake inference-service and judge on loopback until killed.")
    static final class Serve implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "INFERENCE_PORT", defaultValue = "9001",
                description = "the fake inference-service's port (default: ${DEFAULT-VALUE})")
        private int inferencePort;

        @Parameters(index = "1", arity = "0..1", paramLabel = "JUDGE_PORT", defaultValue = "9002",
                description = "the fake judge's port (default: ${DEFAULT-VALUE})")
        private int judgePort;

        @Override
        public Integer call() throws InterruptedException {
            FakeUpstreams fakes = start(inferencePort, judgePort);
            Runtime.getRuntime().addShutdownHook(new Thread(fakes::close));
            System.out.println("fake inference-service on " + fakes.inferenceTarget() + ", fake judge on "
                    + fakes.judgeTarget() + " (Ctrl-C stops them)");
            Thread.currentThread().join();
            return 0;
        }
    }

    /** The fake inference-service. */
    public ScriptedInference inference() {
        return inference;
    }

    /** Where the fake judge and inference Score meet ({@code [RENDEZVOUS:key]}). */
    public Rendezvous rendezvous() {
        return rendezvous;
    }

    /** The fake judge. */
    public MarkerJudge judge() {
        return judge;
    }

    /** {@code 127.0.0.1:<port>} of the fake inference-service. */
    public String inferenceTarget() {
        return "127.0.0.1:" + inferenceServer.getPort();
    }

    /** {@code 127.0.0.1:<port>} of the fake judge. */
    public String judgeTarget() {
        return "127.0.0.1:" + judgeServer.getPort();
    }

    /** Stops both servers (waiting up to 5 s). */
    @Override
    public void close() {
        inferenceServer.shutdownNow();
        judgeServer.shutdownNow();
        try {
            inferenceServer.awaitTermination(5, TimeUnit.SECONDS);
            judgeServer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
    }
}
