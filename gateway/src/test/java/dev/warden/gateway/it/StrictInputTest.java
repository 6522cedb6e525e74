package dev.warden.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.warden.gateway.auth.KeyStore;
import dev.warden.gateway.auth.TenantPolicy;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: every 4xx/5xx in OpenAI's error shape (any path, wrong methods, 414, 431), input read strictly
 * (one JSON value, UTF-8 only, no lone surrogates), a body over the limit counted once, and no ERROR logged for
 * conditions the gateway knows. Raw HTTP where the official SDK cannot send the bad input.
 */
@QuarkusTest
@WithTestResource(value = UpstreamsTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class StrictInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    KeyStore keys;

    private final List<LogRecord> errors = Collections.synchronizedList(new ArrayList<>());
    private final Handler errorLog = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureErrors() {
        Logger.getLogger("").addHandler(errorLog);
    }

    @AfterEach
    void releaseErrors() {
        Logger.getLogger("").removeHandler(errorLog);
    }

    private String key() {
        return GatewayClients.key(keys, TenantPolicy.defaults());
    }

    /** The {@code error} object of an OpenAI error body, checking the shape. */
    private static JsonNode error(String body) throws Exception {
        JsonNode error = JSON.readTree(body).get("error");
        assertTrue(error != null && error.has("message") && error.has("type") && error.has("param")
                && error.has("code"), "OpenAI's error shape: " + body);
        return error;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return GatewayClients.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> chat(byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "v1/chat/completions"))
                .header("authorization", "Bearer " + key()).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    @Test
    void unknownPathsUnderAnyPrefixAre404InOpenAisShape() throws Exception {
        for (String path : List.of("v2/chat/completions", "", "admin/nothing", "v1/nothing", "favicon.ico")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
            assertEquals(404, r.statusCode(), path);
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), path);
            assertEquals("unknown_url", error(r.body()).get("code").asText(), path);
        }
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllow() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "v1/chat/completions")).GET());
        assertEquals(405, r.statusCode());
        assertEquals("POST", r.headers().firstValue("allow").orElseThrow());
        assertEquals("method_not_allowed", error(r.body()).get("code").asText());
        HttpResponse<String> keys = send(HttpRequest.newBuilder(URI.create(base + "admin/keys"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, keys.statusCode());
        assertEquals("GET, POST", keys.headers().firstValue("allow").orElseThrow());
        error(keys.body());
    }

    @Test
    void anOverlongRequestLineIs414AndOversizedHeadersAre431() throws Exception {
        HttpResponse<String> uri = send(HttpRequest.newBuilder(URI.create(base + "v1/models?q=" + "a".repeat(9000)))
                .GET());
        assertEquals(414, uri.statusCode());
        assertEquals("uri_too_long", error(uri.body()).get("code").asText());
        HttpResponse<String> headers = send(HttpRequest.newBuilder(URI.create(base + "v1/models"))
                .header("x-padding", "b".repeat(20_000)).GET());
        assertEquals(431, headers.statusCode());
        assertEquals("headers_too_large", error(headers.body()).get("code").asText());
    }

    @Test
    void trailingContentAfterTheJsonIs400InvalidJson() throws Exception {
        HttpResponse<String> r = chat(("{\"model\": \"demo-aligned\", \"messages\": [{\"role\": \"user\", \"content\":"
                + " \"hi\"}]} {\"more\": 1}").getBytes(StandardCharsets.UTF_8));
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("invalid_json", error(r.body()).get("code").asText());
    }

    @Test
    void badUtf8AndLoneSurrogatesAre400InvalidEncoding() throws Exception {
        String prefix = "{\"model\": \"demo-aligned\", \"messages\": [{\"role\": \"user\", \"content\": \"";
        String suffix = "\"}]}";
        byte[] overlongSlash = {(byte) 0xC0, (byte) 0xAF};
        byte[] encodedSurrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
        byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        for (byte[] bad : List.of(overlongSlash, encodedSurrogate, latin1)) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
            body.writeBytes(bad);
            body.writeBytes(suffix.getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = chat(body.toByteArray());
            assertEquals(400, r.statusCode(), r.body());
            assertEquals("invalid_encoding", error(r.body()).get("code").asText());
        }
        HttpResponse<String> utf16 = chat((prefix + "hi" + suffix).getBytes(StandardCharsets.UTF_16));
        assertEquals(400, utf16.statusCode(), utf16.body());
        assertEquals("invalid_encoding", error(utf16.body()).get("code").asText());
        HttpResponse<String> lone = chat((prefix + "a \\ud800 b" + suffix).getBytes(StandardCharsets.UTF_8));
        assertEquals(400, lone.statusCode(), lone.body());
        assertEquals("invalid_encoding", error(lone.body()).get("code").asText());
        HttpResponse<String> paired = chat((prefix + "a \\ud83d\\ude00 b" + suffix).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, paired.statusCode(), "a surrogate pair is a character: " + paired.body());
        assertEquals(List.of(), errors, "nothing logged as an error");
    }

    @Test
    void responseFormatIsRefusedNotIgnored() {
        OpenAIClient client = GatewayClients.client(base, key());
        BadRequestException e = assertThrows(BadRequestException.class, () -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("demo-aligned").addUserMessage("hi")
                        .responseFormat(ResponseFormatJsonObject.builder().build()).build()));
        assertEquals("unsupported_parameter", e.code().orElseThrow());
        assertEquals("response_format", e.param().orElseThrow());
    }

    @Test
    void aChunkedBodyOverTheLimitIsOne413AndNoError() throws Exception {
        double tooLarge = counter("too_large");
        double failed = counter("error");
        String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key()
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        String status;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < UpstreamsTestResource.MAX_REQUEST_BYTES / chunk.length + 4; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // the gateway may answer and close before the last chunk
            }
            InputStream in = socket.getInputStream();
            status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        }
        assertEquals("HTTP/1.1 413", status);
        Thread.sleep(300); // the metrics of the request are settled when the response ends
        assertEquals(tooLarge + 1, counter("too_large"), "counted once as too_large");
        assertEquals(failed, counter("error"), "not also counted as an error");
        assertEquals(List.of(), errors, "nothing logged as an error");
    }

    @Test
    void unreachableInferenceIs503WithoutAnErrorLogged() {
        OpenAIClient client = GatewayClients.client(base, key());
        for (int i = 0; i < 3; i++) {
            InternalServerException e = assertThrows(InternalServerException.class, () -> client.chat().completions()
                    .create(ChatCompletionCreateParams.builder().model("demo-down").addUserMessage("hi").build()));
            assertEquals(503, e.statusCode());
        }
        assertEquals(List.of(), errors.stream().map(LogRecord::getMessage).toList(), "nothing logged as an error");
    }

    /** {@code warden_gateway_requests_total{endpoint="chat",outcome=...}} from /q/metrics. */
    private double counter(String outcome) throws Exception {
        String metrics = send(HttpRequest.newBuilder(URI.create(base + "q/metrics")).GET()).body();
        Matcher m = Pattern.compile("warden_gateway_requests_total\\{endpoint=\"chat\",outcome=\"" + outcome
                + "\"[^}]*} ([0-9.E]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
