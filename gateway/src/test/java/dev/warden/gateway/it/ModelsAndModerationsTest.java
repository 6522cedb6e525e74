package dev.warden.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.errors.NotFoundException;
import com.openai.models.models.Model;
import com.openai.models.moderations.Moderation;
import com.openai.models.moderations.ModerationCreateParams;
import com.openai.models.moderations.ModerationCreateResponse;
import dev.warden.gateway.auth.KeyStore;
import dev.warden.gateway.auth.TenantPolicy;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code /v1/models} and {@code /v1/moderations} through the OpenAI SDK. */
@QuarkusTest
@WithTestResource(value = UpstreamsTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ModelsAndModerationsTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    KeyStore keys;

    @Test
    void modelsListsTheRoutingTable() {
        OpenAIClient client = GatewayClients.client(base, GatewayClients.key(keys, TenantPolicy.defaults()));
        List<String> ids = client.models().list().items().stream().map(Model::id).toList();
        assertEquals(List.of("demo-aligned", "demo-down", "demo-other"), ids);
        Model model = client.models().retrieve("demo-aligned");
        assertEquals("warden", model.ownedBy());
    }

    @Test
    void aRestrictedKeySeesOnlyItsModels() {
        OpenAIClient client = GatewayClients.client(base,
                GatewayClients.key(keys, TenantPolicy.defaults(), Set.of("demo-other")));
        assertEquals(List.of("demo-other"), client.models().list().items().stream().map(Model::id).toList());
        assertThrows(NotFoundException.class, () -> client.models().retrieve("demo-aligned"));
    }

    @Test
    void moderationFlagsHarmfulInputWithMappedCategories() {
        OpenAIClient client = GatewayClients.client(base, GatewayClients.key(keys, TenantPolicy.defaults()));
        ModerationCreateResponse response = client.moderations().create(ModerationCreateParams.builder()
                .inputOfStrings(List.of("people like [HARMFUL:S10] are", "a recipe for pancakes")).build());
        assertEquals(2, response.results().size());
        Moderation hateful = response.results().get(0);
        assertTrue(hateful.flagged());
        assertTrue(hateful.categories().hate());
        assertFalse(hateful.categories().violence());
        assertTrue(hateful.categoryScores().hate() > 0.9);
        Moderation benign = response.results().get(1);
        assertFalse(benign.flagged());
        assertFalse(benign.categories().hate());
        assertTrue(response.id().startsWith("modr-"));
    }
}
