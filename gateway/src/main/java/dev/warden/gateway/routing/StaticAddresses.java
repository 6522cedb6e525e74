package dev.warden.gateway.routing;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code warden-static:///host:port,host:port} name resolver: a fixed list of replicas, each resolved once
 * (an IP address as it is, a DNS name to its first address), offered to the channel's round-robin balancer as
 * one address group per replica. For replicas without a DNS name that lists them all (several processes on one
 * machine, hosts outside Kubernetes); a replica that is down is skipped until it accepts connections again.
 */
final class StaticAddresses extends NameResolverProvider {

    /** The URI scheme. */
    static final String SCHEME = "warden-static";

    private static final StaticAddresses INSTANCE = new StaticAddresses();

    static {
        NameResolverRegistry.getDefaultRegistry().register(INSTANCE);
    }

    private StaticAddresses() {
    }

    /** The channel target of a comma-separated {@code host:port} list (registers the resolver once). */
    static String target(String addresses) {
        return SCHEME + ":///" + addresses;
    }

    @Override
    public NameResolver newNameResolver(URI uri, NameResolver.Args args) {
        if (!SCHEME.equals(uri.getScheme())) {
            return null;
        }
        String addresses = uri.getPath().substring(1);
        return new NameResolver() {
            @Override
            public String getServiceAuthority() {
                return "warden-replicas";
            }

            @Override
            public void start(Listener2 listener) {
                List<EquivalentAddressGroup> groups = new ArrayList<>();
                for (String address : addresses.split(",")) {
                    int colon = address.lastIndexOf(':');
                    String host = address.substring(0, colon).replace("[", "").replace("]", "");
                    SocketAddress socket = new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1)));
                    groups.add(new EquivalentAddressGroup(socket));
                }
                listener.onResult(ResolutionResult.newBuilder().setAddressesOrError(
                        io.grpc.StatusOr.fromValue(groups)).build());
            }

            @Override
            public void shutdown() {
                // nothing held
            }
        };
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }

    @Override
    protected boolean isAvailable() {
        return true;
    }

    @Override
    protected int priority() {
        return 4; // below dns (5): used only for its own scheme
    }

    @Override
    public java.util.Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
        return List.of(InetSocketAddress.class);
    }
}
