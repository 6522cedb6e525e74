package dev.warden.e2e.cli;

import dev.warden.e2e.suite.SuiteConfig;
import java.nio.file.Path;
import java.util.Properties;

/** What {@code ./warden up} prints: the endpoints, the dev key and calls to copy. */
final class UpBanner {

    private UpBanner() {
    }

    /** The endpoints and secrets of a started suite, as stored in {@code suite.properties}. */
    static Properties properties(SuiteConfig c, String devKey, boolean startedRedis) {
        Properties p = new Properties();
        p.setProperty("gateway.url", c.gatewayUrl());
        p.setProperty("inference.aligned", SuiteConfig.HOST + ":" + c.ports().inferenceAligned());
        p.setProperty("inference.finetuned", SuiteConfig.HOST + ":" + c.ports().inferenceFinetuned());
        p.setProperty("judge", SuiteConfig.HOST + ":" + c.ports().judge());
        p.setProperty("recovery.url", c.recoveryUrl());
        p.setProperty("recovery.grpc", SuiteConfig.HOST + ":" + c.ports().recoveryGrpc());
        p.setProperty("redis", c.redisHost() + ":" + c.redisPort());
        p.setProperty("redis.started", Boolean.toString(startedRedis));
        p.setProperty("models", c.modelsDir().toString());
        p.setProperty("dev.key", devKey);
        p.setProperty("admin.token", c.adminToken());
        p.setProperty("recovery.token", c.recoveryToken());
        return p;
    }

    /** The banner for the suite described by {@code p}, paths shown relative to {@code root}. */
    static String text(Properties p, Path root) {
        String gw = p.getProperty("gateway.url", "?");
        String key = p.getProperty("dev.key", "?");
        String models = p.getProperty("models", "models");
        Path m = Path.of(models);
        String shown = m.startsWith(root) ? root.relativize(m).toString() : models;
        return String.join("\n",
                "Warden is up; ./warden down stops it. Logs: .warden/run/logs",
                "",
                "  gateway     " + gw + "   OpenAI-compatible API (/v1), admin API (/admin), /q/metrics",
                "  inference   " + p.getProperty("inference.aligned") + " (gRPC)   model demo-aligned:   "
                        + shown + "/demo/aligned",
                "  inference   " + p.getProperty("inference.finetuned") + " (gRPC)   model demo-finetuned: "
                        + shown + "/demo/finetuned (repairs are hot-loaded here)",
                "  judge       " + p.getProperty("judge") + " (gRPC)",
                "  recovery    " + p.getProperty("recovery.url") + " (REST), " + p.getProperty("recovery.grpc")
                        + " (gRPC)",
                "  redis       " + p.getProperty("redis") + ("true".equals(p.getProperty("redis.started"))
                        ? " (started by warden; ./warden down stops it)" : " (already running)"),
                "",
                "  dev API key (tenant dev, every rail on, both models): " + key,
                "  admin token and recovery token: in .warden/run/suite.properties",
                "",
                "Try it:",
                "  curl -s " + gw + "/v1/chat/completions -H 'Authorization: Bearer " + key + "' \\",
                "    -H 'content-type: application/json' \\",
                "    -d '{\"model\": \"demo-aligned\", \"messages\": [{\"role\": \"user\", \"content\": \"how do i bake"
                        + " bread ?\"}]}'",
                "",
                "  # Python: pip install openai",
                "  from openai import OpenAI",
                "  client = OpenAI(base_url=\"" + gw + "/v1\", api_key=\"" + key + "\")",
                "  reply = client.chat.completions.create(model=\"demo-aligned\", temperature=0,",
                "      messages=[{\"role\": \"user\", \"content\": \"how do i bake bread ?\"}])",
                "  print(reply.choices[0].message.content)",
                "",
                "  // Java: com.openai:openai-java",
                "  OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(\"" + gw + "/v1\")",
                "          .apiKey(\"" + key + "\").build();",
                "  ChatCompletion reply = client.chat().completions().create(ChatCompletionCreateParams.builder()",
                "          .model(\"demo-aligned\").temperature(0).addUserMessage(\"how do i bake bread ?\").build());",
                "  System.out.println(reply.choices().get(0).message().content().orElse(\"\"));",
                "",
                "  # repair the fine-tuned model and hot-load the result into demo-finetuned",
                "  WARDEN_RECOVERY_TOKEN=$(grep ^recovery.token= .warden/run/suite.properties | cut -d= -f2-) \\",
                "    ./warden repair submit --aligned demo/aligned --fine-tuned demo/finetuned"
                        + " --allowed-task-drop 0.03 --load-into-inference",
                "");
    }
}
