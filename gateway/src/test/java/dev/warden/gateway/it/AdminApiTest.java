package dev.warden.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The admin API: keys and policies, behind the admin token, never showing stored hashes. */
@QuarkusTest
@WithTestResource(value = UpstreamsTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AdminApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = GatewayClients.http();

    @TestHTTPResource("/")
    URL base;

    private HttpResponse<String> call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path.substring(1)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return call(method, path, body, UpstreamsTestResource.ADMIN_TOKEN);
    }

    @Test
    void keyLifecycleShowsTheSecretOnceAndNeverAHash() throws Exception {
        String tenant = GatewayClients.tenant();
        HttpResponse<String> created = admin("POST", "/admin/keys",
                "{\"tenant\": \"" + tenant + "\", \"allowed_models\": [\"demo-aligned\"]}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode key = JSON.readTree(created.body());
        String secret = key.get("key").asText();
        String id = key.get("id").asText();
        assertTrue(secret.startsWith("wk-" + id + "."));
        assertEquals("[\"demo-aligned\"]", key.get("allowed_models").toString());
        assertFalse(created.body().contains("hash"));

        var client = GatewayClients.client(base, secret);
        client.chat().completions().create(ChatCompletionCreateParams.builder().model("demo-aligned")
                .addUserMessage("hello").build());

        HttpResponse<String> listed = admin("GET", "/admin/keys?tenant=" + tenant, null);
        assertEquals(200, listed.statusCode());
        JsonNode data = JSON.readTree(listed.body()).get("data");
        assertEquals(1, data.size());
        assertEquals(id, data.get(0).get("id").asText());
        assertFalse(data.get(0).has("key"), "the secret is shown only at creation");
        assertFalse(listed.body().contains("hash") || listed.body().contains(secret.substring(20)));

        assertEquals(200, admin("DELETE", "/admin/keys/" + id, null).statusCode());
        assertThrows(UnauthorizedException.class, () -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("demo-aligned").addUserMessage("again").build()));
        // idempotent: a retried DELETE succeeds and the key stays revoked; an unknown id is 404
        HttpResponse<String> again = admin("DELETE", "/admin/keys/" + id, null);
        assertEquals(200, again.statusCode(), again.body());
        assertTrue(JSON.readTree(again.body()).get("revoked").asBoolean());
        assertThrows(UnauthorizedException.class, () -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("demo-aligned").addUserMessage("still no").build()));
        HttpResponse<String> unknown = admin("DELETE", "/admin/keys/0123456789abcdef", null);
        assertEquals(404, unknown.statusCode());
        assertEquals("key_not_found", JSON.readTree(unknown.body()).get("error").get("code").asText());
    }

    @Test
    void policyIsReadAndReplaced() throws Exception {
        String tenant = GatewayClients.tenant();
        JsonNode defaults = JSON.readTree(admin("GET", "/admin/tenants/" + tenant + "/policy", null).body());
        assertEquals(600, defaults.get("requests_per_minute").asInt());
        assertFalse(defaults.get("fail_open").asBoolean());
        HttpResponse<String> put = admin("PUT", "/admin/tenants/" + tenant + "/policy",
                "{\"requests_per_minute\": 5, \"fail_open\": true, \"block_threshold\": 0.8,"
                        + " \"rails_point\": \"strict\", \"injection_on_user_messages\": true}");
        assertEquals(200, put.statusCode(), put.body());
        JsonNode stored = JSON.readTree(admin("GET", "/admin/tenants/" + tenant + "/policy", null).body());
        assertEquals(5, stored.get("requests_per_minute").asInt());
        assertTrue(stored.get("fail_open").asBoolean());
        assertEquals(0.8, stored.get("block_threshold").asDouble(), 1e-6);
        assertEquals("strict", stored.get("rails_point").asText());
        assertTrue(defaults.get("rails_point").isNull(), "no point of its own: the gateway's");
        assertTrue(stored.get("injection_on_user_messages").asBoolean());
        assertTrue(defaults.get("injection_on_user_messages").isNull(), "no choice of its own: the gateway's");
        assertEquals(100_000, stored.get("tokens_per_minute").asInt(), "missing fields take the defaults");
    }

    @Test
    void badInputIs400() throws Exception {
        HttpResponse<String> badPolicy = admin("PUT", "/admin/tenants/t1/policy", "{\"block_threshold\": 7}");
        assertEquals(400, badPolicy.statusCode());
        assertEquals("invalid_request_error", JSON.readTree(badPolicy.body()).get("error").get("type").asText());
        assertEquals(400, admin("PUT", "/admin/tenants/bad%20name/policy", "{}").statusCode());
        HttpResponse<String> badPoint = admin("PUT", "/admin/tenants/t1/policy", "{\"rails_point\": \"loose\"}");
        assertEquals(400, badPoint.statusCode());
        assertTrue(badPoint.body().contains("rails_point"), badPoint.body());
        HttpResponse<String> badSwitch = admin("PUT", "/admin/tenants/t1/policy",
                "{\"injection_on_user_messages\": \"yes\"}");
        assertEquals(400, badSwitch.statusCode());
        assertTrue(badSwitch.body().contains("injection_on_user_messages"), badSwitch.body());
        assertEquals(400, admin("POST", "/admin/keys", "{\"allowed_models\": []}").statusCode());
        assertEquals(400, admin("POST", "/admin/keys", "not json").statusCode());
    }

    @Test
    void everyAdminCallNeedsTheAdminToken() throws Exception {
        assertEquals(401, call("GET", "/admin/keys", null, null).statusCode());
        HttpResponse<String> wrong = call("POST", "/admin/keys", "{\"tenant\": \"x\"}", "not-the-token");
        assertEquals(401, wrong.statusCode());
        assertEquals("invalid_admin_token", JSON.readTree(wrong.body()).get("error").get("code").asText());
    }

    @Test
    void auditEventsAreReadable() throws Exception {
        HttpResponse<String> read = admin("GET", "/admin/audit?count=5", null);
        assertEquals(200, read.statusCode());
        assertEquals("list", JSON.readTree(read.body()).get("object").asText());
    }
}
