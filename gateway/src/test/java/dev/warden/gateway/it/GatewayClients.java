package dev.warden.gateway.it;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.warden.gateway.audit.AuditEntry;
import dev.warden.gateway.audit.AuditLog;
import dev.warden.gateway.auth.KeyStore;
import dev.warden.gateway.auth.TenantPolicy;
import java.net.URL;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/** Keys, tenants and OpenAI SDK clients for the gateway tests. */
final class GatewayClients {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private GatewayClients() {
    }

    /** A fresh tenant name. */
    static String tenant() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A new key of a fresh tenant with {@code policy}, allowed every model. */
    static String key(KeyStore keys, TenantPolicy policy) {
        return key(keys, policy, Set.of());
    }

    /** A new key of a fresh tenant with {@code policy}, allowed {@code models} (empty: all). */
    static String key(KeyStore keys, TenantPolicy policy, Set<String> models) {
        String tenant = tenant();
        keys.setPolicy(tenant, policy).await().atMost(WAIT);
        return keys.create(tenant, models).await().atMost(WAIT).secret();
    }

    /** The audit entry of request {@code id}, waiting for it (it is written just after the response). */
    static AuditEntry awaitAudit(AuditLog audit, String id) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (AuditEntry entry : audit.read(500).await().atMost(WAIT)) {
                if (entry.event().requestId().equals(id)) {
                    return entry;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no audit event for request " + id);
    }

    /** A plain HTTP/1.1 client (the JDK's default tries an h2c upgrade first, which adds nothing here). */
    static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The official OpenAI client on the gateway at {@code base} (no retries: tests see every status). */
    static OpenAIClient client(URL base, String key) {
        return OpenAIOkHttpClient.builder().baseUrl(base.toString() + "v1").apiKey(key).maxRetries(0)
                .timeout(Duration.ofSeconds(20)).build();
    }
}
