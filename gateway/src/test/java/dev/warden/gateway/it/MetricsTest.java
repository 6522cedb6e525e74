package dev.warden.gateway.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.warden.gateway.auth.KeyStore;
import dev.warden.gateway.auth.TenantPolicy;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The gateway's meters on {@code /q/metrics}, after an allowed and a blocked request. */
@QuarkusTest
@WithTestResource(value = UpstreamsTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class MetricsTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    KeyStore keys;

    @Test
    void requestsRailDecisionsAndLatenciesAreExported() throws Exception {
        OpenAIClient client = GatewayClients.client(base, GatewayClients.key(keys, TenantPolicy.defaults()));
        client.chat().completions().create(ChatCompletionCreateParams.builder().model("demo-aligned")
                .addUserMessage("count me").build());
        assertThrows(BadRequestException.class, () -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("demo-aligned").addUserMessage("[HARMFUL:S2] now").build()));
        String metrics = GatewayClients.http().send(HttpRequest.newBuilder(URI.create(base + "q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        positive(metrics, "warden_gateway_requests_total\\{endpoint=\"chat\",outcome=\"allowed\"}");
        positive(metrics, "warden_gateway_requests_total\\{endpoint=\"chat\",outcome=\"blocked\"}");
        positive(metrics, "warden_gateway_rail_decisions_total\\{category=\"S2\",decision=\"block\",rail=\"judge-input\"}");
        positive(metrics, "warden_gateway_rail_decisions_total\\{category=\"none\",decision=\"pass\",rail=\"jailbreak\"}");
        positive(metrics, "warden_gateway_overhead_seconds_count\\{endpoint=\"chat\"}");
        positive(metrics, "warden_gateway_upstream_latency_seconds_count\\{rpc=\"Generate\",upstream=\"inference\"}");
        positive(metrics, "warden_gateway_upstream_latency_seconds_count\\{rpc=\"Score\",upstream=\"judge\"}");
        positive(metrics, "warden_gateway_time_to_first_token_seconds_count");
        positive(metrics, "warden_gateway_tokens_total\\{kind=\"completion\"}");
        assertTrue(metrics.contains("warden_gateway_overhead_seconds_bucket"), "a histogram");
    }

    private static void positive(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics);
        assertTrue(m.find(), "no series " + series);
        assertTrue(Double.parseDouble(m.group(1)) > 0, series + " is " + m.group(1));
    }
}
