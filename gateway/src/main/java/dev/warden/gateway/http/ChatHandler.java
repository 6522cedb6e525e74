package dev.warden.gateway.http;

import dev.warden.gateway.api.ChatCompletion;
import dev.warden.gateway.api.ChatCompletionChunk;
import dev.warden.gateway.api.ChoiceLogprobs;
import dev.warden.gateway.api.Usage;
import dev.warden.gateway.metrics.Endpoint;
import dev.warden.gateway.metrics.GatewayMetrics;
import dev.warden.gateway.metrics.Outcome;
import dev.warden.gateway.pipeline.ChatEvent;
import dev.warden.gateway.pipeline.ChatPipeline;
import dev.warden.gateway.pipeline.ChatPipeline.PreparedChat;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import dev.warden.proto.v1.TokenLogProb;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code POST /v1/chat/completions}: maps HTTP to the {@link ChatPipeline} and back. A JSON response is written
 * once the completion is over; a streamed one starts (status 200 and headers) when the first event arrives, so
 * that every failure before it is still a proper error status, then sends OpenAI's chunks and
 * {@code data: [DONE]}. A client that disconnects cancels the generation.
 */
final class ChatHandler implements Handler<RoutingContext> {

    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

    private final ChatPipeline pipeline;
    private final Http http;
    private final GatewayMetrics metrics;

    ChatHandler(ChatPipeline pipeline, Http http, GatewayMetrics metrics) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.http = Objects.requireNonNull(http, "http");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void handle(RoutingContext ctx) {
        Exchange exchange = Exchange.start(ctx, http, Endpoint.CHAT, "chatcmpl-");
        pipeline.prepare(exchange.state(), exchange.authorization(), () -> http.json().parse(ctx.body().buffer()))
                .subscribe().with(exchange.guarded(chat -> {
                    if (exchange.closed()) {
                        exchange.settle(Outcome.CANCELLED, 0, 0);
                    } else if (chat.request().stream()) {
                        new Streamed(exchange, chat).start();
                    } else {
                        new Whole(exchange, chat).start();
                    }
                }), exchange::fail);
    }

    /**
     * Subscribes to a generation so that a client that goes away cancels it. The close handler is set before the
     * subscription: a generation that fails at once (inference unreachable) ends the response inside
     * {@code subscribe}, and a close handler set on an ended response would throw.
     */
    private static void cancelOnClose(Exchange exchange, Multi<ChatEvent> events,
                                      Function<Multi<ChatEvent>, Cancellable> subscribe) {
        Cancellable[] generation = new Cancellable[1];
        boolean[] closed = new boolean[1];
        exchange.response().closeHandler(ignored -> {
            closed[0] = true;
            if (generation[0] != null) {
                generation[0].cancel();
            }
            exchange.settle(Outcome.CANCELLED, 0, 0);
        });
        generation[0] = subscribe.apply(events);
        if (closed[0]) {
            generation[0].cancel();
        }
    }

    /** A non-streamed completion: collect, then one JSON body. */
    private final class Whole {
        private final Exchange exchange;
        private final PreparedChat chat;
        private final StringBuilder content = new StringBuilder();
        private final List<TokenLogProb> logprobs = new ArrayList<>();
        private ChatEvent.Finish finish;

        Whole(Exchange exchange, PreparedChat chat) {
            this.exchange = exchange;
            this.chat = chat;
        }

        void start() {
            cancelOnClose(exchange, pipeline.generate(exchange.state(), chat), events -> events.subscribe().with(event -> {
                if (event instanceof ChatEvent.Delta delta) {
                    if (content.isEmpty()) {
                        metrics.timeToFirstToken(exchange.state().clock().elapsed());
                    }
                    content.append(delta.text());
                    logprobs.addAll(delta.logprobs());
                } else {
                    finish = (ChatEvent.Finish) event;
                }
            }, exchange::fail, exchange.guarded(this::complete)));
        }

        private void complete() {
            exchange.json(200, ChatCompletion.of(exchange.state().requestId(), System.currentTimeMillis() / 1000,
                    chat.request().model(), content.toString(),
                    chat.request().logprobs() ? ChoiceLogprobs.of(logprobs) : null, finish.finishReason(),
                    Usage.of(finish.promptTokens(), finish.completionTokens())));
            exchange.settle(finish.cut() ? Outcome.CUT : Outcome.ALLOWED, finish.promptTokens(),
                    finish.completionTokens());
        }
    }

    /** A streamed completion: server-sent events as the guarded stream releases text. */
    private final class Streamed {
        private final Exchange exchange;
        private final PreparedChat chat;
        private final long created = System.currentTimeMillis() / 1000;
        private boolean started;
        private boolean firstText = true;

        Streamed(Exchange exchange, PreparedChat chat) {
            this.exchange = exchange;
            this.chat = chat;
        }

        void start() {
            cancelOnClose(exchange, pipeline.generate(exchange.state(), chat), events -> events.subscribe()
                    .with(exchange.guarded(this::onEvent), exchange::fail, () -> { }));
        }

        private void onEvent(ChatEvent event) {
            if (exchange.closed()) {
                return;
            }
            if (!started) {
                started = true;
                exchange.head(200, "text/event-stream");
                exchange.response().putHeader("cache-control", "no-cache").setChunked(true);
                send(ChatCompletionChunk.Delta.START, List.of(), null);
            }
            if (event instanceof ChatEvent.Delta delta) {
                if (firstText) {
                    firstText = false;
                    metrics.timeToFirstToken(exchange.state().clock().elapsed());
                }
                send(ChatCompletionChunk.Delta.text(delta.text()), delta.logprobs(), null);
            } else {
                ChatEvent.Finish finish = (ChatEvent.Finish) event;
                send(ChatCompletionChunk.Delta.EMPTY, List.of(), finish.finishReason());
                if (chat.request().includeUsage()) {
                    exchange.response().write(http.json().event(ChatCompletionChunk.usage(exchange.state().requestId(),
                            created, chat.request().model(), Usage.of(finish.promptTokens(), finish.completionTokens()))));
                }
                exchange.response().end(DONE);
                exchange.settle(finish.cut() ? Outcome.CUT : Outcome.ALLOWED, finish.promptTokens(),
                        finish.completionTokens());
            }
        }

        /** One chunk; it carries {@code logprobs} (possibly none) when the request asked for them. */
        private void send(ChatCompletionChunk.Delta delta, List<TokenLogProb> logprobs, String finishReason) {
            exchange.response().write(http.json().event(ChatCompletionChunk.of(exchange.state().requestId(), created,
                    chat.request().model(), delta, chat.request().logprobs() ? ChoiceLogprobs.of(logprobs) : null,
                    finishReason)));
        }
    }
}
