package dev.warden.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.warden.gateway.auth.KeyStore;
import dev.warden.gateway.auth.TenantPolicy;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Pins that waiting for an upstream occupies no thread: the fake judge answers none of {@value #REQUESTS}
 * concurrent prompts until all {@value #REQUESTS} are waiting. The gateway has only 2 x cores event-loop threads
 * (fewer than the requests); had any request blocked its thread while waiting for the judge, fewer calls would
 * reach the judge, the barrier would fail them after 10 s, and the requests would end in 503.
 */
@QuarkusTest
@WithTestResource(value = UpstreamsTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class EventLoopTest {

    private static final int REQUESTS = 24;

    @TestHTTPResource("/")
    URL base;

    @Inject
    KeyStore keys;

    @Test
    void concurrentRequestsWaitingForTheJudgeHoldNoThread() throws Exception {
        assertEquals(true, Runtime.getRuntime().availableProcessors() * 2 < REQUESTS, "more requests than event loops");
        OpenAIClient client = GatewayClients.client(base, GatewayClients.key(keys,
                TenantPolicy.builder().outputRails(false).build()));
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                answers.add(pool.submit(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model("demo-aligned").addUserMessage("request " + n + " [JUDGE-BARRIER:" + REQUESTS + "]")
                        .build()).choices().get(0).message().content().orElseThrow()));
            }
            for (int i = 0; i < REQUESTS; i++) {
                assertEquals("Echo: request " + i + " [JUDGE-BARRIER:" + REQUESTS + "]", answers.get(i).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
