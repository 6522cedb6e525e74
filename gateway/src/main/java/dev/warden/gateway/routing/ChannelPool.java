package dev.warden.gateway.routing;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel per distinct upstream address, created up front. Each channel resolves its host through
 * DNS ({@code dns:///host:port}) and balances calls round-robin over every address returned, so a Kubernetes
 * headless service spreads calls over its replicas; the DNS resolver looks again when a connection fails. A target
 * listing several {@code host:port} separated by commas balances over those replicas ({@link StaticAddresses}).
 * Plaintext (in-cluster traffic; put a mesh in front for TLS). Thread-safe; {@link #close()} shuts the
 * channels down.
 */
public final class ChannelPool implements AutoCloseable {

    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

    /**
     * Opens a channel per target.
     *
     * @param targets {@code host:port} addresses (duplicates share a channel)
     */
    public ChannelPool(Collection<String> targets) {
        for (String target : targets) {
            Route.requireTarget("target", target);
            channels.computeIfAbsent(target, ChannelPool::open);
        }
    }

    private static ManagedChannel open(String target) {
        String resolved = target.contains(",") ? StaticAddresses.target(target) : "dns:///" + target;
        return ManagedChannelBuilder.forTarget(resolved)
                .defaultLoadBalancingPolicy("round_robin")
                .usePlaintext()
                .build();
    }

    /**
     * The channel of {@code target}.
     *
     * @throws IllegalArgumentException when the pool was not opened with this target
     */
    public ManagedChannel channel(String target) {
        ManagedChannel channel = channels.get(target);
        if (channel == null) {
            throw new IllegalArgumentException("no channel for target " + target);
        }
        return channel;
    }

    /** The number of channels (distinct targets). */
    public int size() {
        return channels.size();
    }

    /** Shuts every channel down, waiting up to 5 s in total for calls in flight. */
    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdown);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ManagedChannel channel : channels.values()) {
            try {
                if (!channel.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    channel.shutdownNow();
                }
            } catch (InterruptedException e) {
                channel.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
