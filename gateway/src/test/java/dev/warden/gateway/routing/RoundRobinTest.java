package dev.warden.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.gateway.fakes.FakeUpstreams;
import dev.warden.gateway.client.InferenceClient;
import dev.warden.proto.v1.ChatMessage;
import dev.warden.proto.v1.Conversation;
import dev.warden.proto.v1.GenerateRequest;
import dev.warden.proto.v1.Prompt;
import dev.warden.proto.v1.Role;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.internal.DnsNameResolverProvider;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A route whose host resolves to two replicas spreads calls over both: the channel's DNS lookup is stood in for
 * (only for the made-up host {@code replicas.test}) by a resolver returning the two fake servers, as a
 * Kubernetes headless service would return one address per pod.
 */
class RoundRobinTest {

    @Test
    void callsAlternateBetweenTheAddressesDnsReturns() {
        try (FakeUpstreams a = FakeUpstreams.start(); FakeUpstreams b = FakeUpstreams.start()) {
            TwoReplicas resolver = new TwoReplicas(address(a), address(b));
            NameResolverRegistry.getDefaultRegistry().register(resolver);
            try (ChannelPool pool = new ChannelPool(List.of("replicas.test:9001"))) {
                InferenceClient client = new InferenceClient(pool, Duration.ofSeconds(10));
                Route route = new Route("m", "replicas.test:9001", "", "warden");
                // until both connections are up, the balancer can only pick the one that is
                for (int i = 0; i < 50 && (a.inference().calls() == 0 || b.inference().calls() == 0); i++) {
                    call(client, route, i);
                }
                int baseA = a.inference().calls();
                int baseB = b.inference().calls();
                for (int i = 0; i < 10; i++) {
                    call(client, route, i);
                }
                assertEquals(5, a.inference().calls() - baseA, "round robin: half the calls on each replica");
                assertEquals(5, b.inference().calls() - baseB);
            } finally {
                NameResolverRegistry.getDefaultRegistry().deregister(resolver);
            }
        }
    }

    private static void call(InferenceClient client, Route route, int i) {
        client.generate(route, request(i), Runnable::run).collect().asList().await().atMost(Duration.ofSeconds(10));
    }

    private static InetSocketAddress address(FakeUpstreams fakes) {
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(fakes.inferenceTarget().split(":")[1]));
    }

    private static GenerateRequest request(int i) {
        return GenerateRequest.newBuilder().setPrompt(Prompt.newBuilder().setChat(Conversation.newBuilder()
                .addMessages(ChatMessage.newBuilder().setRole(Role.ROLE_USER).setContent("call " + i)))).build();
    }

    /** The {@code dns} scheme: two addresses for {@code replicas.test}, real DNS for any other host. */
    private static final class TwoReplicas extends NameResolverProvider {
        private final List<EquivalentAddressGroup> replicas;
        private final DnsNameResolverProvider dns = new DnsNameResolverProvider();

        TwoReplicas(InetSocketAddress first, InetSocketAddress second) {
            this.replicas = List.of(new EquivalentAddressGroup(first), new EquivalentAddressGroup(second));
        }

        @Override
        public NameResolver newNameResolver(URI target, NameResolver.Args args) {
            if (!target.getPath().startsWith("/replicas.test")) {
                return dns.newNameResolver(target, args);
            }
            return new NameResolver() {
                @Override
                public String getServiceAuthority() {
                    return "replicas.test";
                }

                @Override
                public void start(Listener2 listener) {
                    listener.onResult(ResolutionResult.newBuilder().setAddresses(replicas).build());
                }

                @Override
                public void shutdown() {
                }
            };
        }

        @Override
        public String getDefaultScheme() {
            return "dns";
        }

        @Override
        protected boolean isAvailable() {
            return true;
        }

        @Override
        protected int priority() {
            return 9;
        }
    }
}
