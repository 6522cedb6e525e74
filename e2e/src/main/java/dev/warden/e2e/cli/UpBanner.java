package dev.warden.e2e.cli;

import dev.warden.e2e.suite.ServedModel;
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

    /** The endpoints and secrets of a suite started by {@code serve}, as stored in {@code suite.properties}. */
    static Properties serveProperties(SuiteConfig c, String devKey, boolean startedRedis, boolean rails) {
        Properties p = new Properties();
        p.setProperty("mode", "serve");
        p.setProperty("detached", Boolean.toString(c.detach()));
        p.setProperty("gateway.url", c.gatewayUrl());
        p.setProperty("models.count", Integer.toString(c.models().size()));
        for (int i = 0; i < c.models().size(); i++) {
            ServedModel m = c.models().get(i);
            p.setProperty("model." + i + ".id", m.id());
            p.setProperty("model." + i + ".inference", SuiteConfig.HOST + ":" + m.port());
            p.setProperty("model." + i + ".checkpoint", m.checkpoint().toString());
        }
        p.setProperty("judge", SuiteConfig.HOST + ":" + c.ports().judge());
        if (c.recovery()) {
            p.setProperty("recovery.url", c.recoveryUrl());
            p.setProperty("recovery.grpc", SuiteConfig.HOST + ":" + c.ports().recoveryGrpc());
        }
        p.setProperty("redis", c.redisHost() + ":" + c.redisPort());
        p.setProperty("redis.started", Boolean.toString(startedRedis));
        p.setProperty("rails", rails ? "on" : "off");
        p.setProperty("dev.key", devKey);
        p.setProperty("admin.token", c.adminToken());
        p.setProperty("recovery.token", c.recoveryToken());
        return p;
    }

    /** The banner for the suite described by {@code p}, paths shown relative to {@code root}. */
    static String text(Properties p, Path root) {
        if ("serve".equals(p.getProperty("mode"))) {
            return serveText(p);
        }
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

    private static String serveText(Properties p) {
        String gw = p.getProperty("gateway.url", "?");
        String key = p.getProperty("dev.key", "?");
        int count = Integer.parseInt(p.getProperty("models.count", "0"));
        StringBuilder b = new StringBuilder();
        b.append("true".equals(p.getProperty("detached")) ? "Warden is serving in the background; ./warden down stops it."
                : "Warden is serving; Ctrl-C (or ./warden down elsewhere) stops it.").append(" Logs: .warden/run/logs\n\n");
        b.append("  gateway     ").append(gw).append("   OpenAI-compatible API (/v1), admin API (/admin)\n");
        for (int i = 0; i < count; i++) {
            b.append(String.format(java.util.Locale.ROOT, "  inference   %s (gRPC)   model %s: %s%n",
                    p.getProperty("model." + i + ".inference"), p.getProperty("model." + i + ".id"),
                    p.getProperty("model." + i + ".checkpoint")));
        }
        b.append("  judge       ").append(p.getProperty("judge")).append(" (gRPC)\n");
        if (p.getProperty("recovery.url") != null) {
            b.append("  recovery    ").append(p.getProperty("recovery.url")).append(" (REST), ")
                    .append(p.getProperty("recovery.grpc")).append(" (gRPC)\n");
        }
        b.append("  redis       ").append(p.getProperty("redis")).append("true".equals(p.getProperty("redis.started"))
                ? " (started by warden; stopped with the suite)" : " (already running)").append("\n\n");
        String model = p.getProperty("model.0.id", "?");
        b.append(String.join("\n",
                "  base URL     " + gw + "/v1",
                "  dev API key  " + key + "   (tenant dev, rails " + p.getProperty("rails", "on") + ", every model)",
                "",
                "Try it:",
                "  curl -s " + gw + "/v1/chat/completions -H 'Authorization: Bearer " + key + "' \\",
                "    -H 'content-type: application/json' \\",
                "    -d '{\"model\": \"" + model + "\", \"temperature\": 0, \"max_tokens\": 32,"
                        + " \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}'",
                "",
                "  # Python: pip install openai",
                "  from openai import OpenAI",
                "  client = OpenAI(base_url=\"" + gw + "/v1\", api_key=\"" + key + "\")",
                "  reply = client.chat.completions.create(model=\"" + model + "\", temperature=0, max_tokens=32,",
                "      messages=[{\"role\": \"user\", \"content\": \"Hello\"}])",
                "  print(reply.choices[0].message.content)",
                ""));
        return b.toString();
    }
}
