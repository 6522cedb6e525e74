package dev.warden.inference.grpc;

import ai.djl.ndarray.types.DataType;
import dev.warden.inference.generate.GeneratedDelta;
import dev.warden.inference.generate.GenerationSummary;
import dev.warden.inference.hidden.HiddenStatesResult;
import dev.warden.inference.hidden.PooledActivations;
import dev.warden.inference.model.LoadOutcome;
import dev.warden.inference.model.ModelDescription;
import dev.warden.inference.score.ScoreResult;
import dev.warden.inference.score.TokenScore;
import dev.warden.model.safetensors.DType;
import dev.warden.proto.v1.Dtype;
import dev.warden.proto.v1.FinishReason;
import dev.warden.proto.v1.FloatTensor;
import dev.warden.proto.v1.GenerateResponse;
import dev.warden.proto.v1.GenerationFinish;
import dev.warden.proto.v1.HiddenStatesResponse;
import dev.warden.proto.v1.InferenceScoreResponse;
import dev.warden.proto.v1.LoadModelResponse;
import dev.warden.proto.v1.ModelInfo;
import dev.warden.proto.v1.Pooling;
import dev.warden.proto.v1.TokenDelta;
import dev.warden.proto.v1.TokenLogProb;
import dev.warden.proto.v1.Usage;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Domain results to proto responses. */
final class ResponseMapper {

    private ResponseMapper() {
    }

    static GenerateResponse delta(GeneratedDelta d) {
        TokenDelta.Builder b = TokenDelta.newBuilder().setText(d.text());
        d.tokenIds().forEach(id -> b.addTokenIds(Math.toIntExact(id)));
        d.logprobs().forEach(lp -> b.addLogprobs(logprob(lp)));
        return GenerateResponse.newBuilder().setDelta(b).build();
    }

    static GenerateResponse finish(GenerationSummary s) {
        GenerationFinish.Builder b = GenerationFinish.newBuilder()
                .setFinishReason(finishReason(s.finishReason()))
                .setUsage(Usage.newBuilder().setPromptTokens(s.promptTokens()).setCompletionTokens(s.completionTokens()))
                .setMatchedStop(s.matchedStop())
                .setRequestId(s.requestId())
                .setModel(s.model())
                .setQueueTime(duration(s.queueTime()))
                .setTimeToFirstToken(duration(s.timeToFirstToken()))
                .setTotalTime(duration(s.totalTime()));
        s.matchedStopTokenId().ifPresent(id -> b.setMatchedStopTokenId(Math.toIntExact(id)));
        return GenerateResponse.newBuilder().setFinish(b).build();
    }

    private static FinishReason finishReason(dev.warden.model.generate.FinishReason reason) {
        return switch (reason) {
            case STOP -> FinishReason.FINISH_REASON_STOP;
            case LENGTH -> FinishReason.FINISH_REASON_LENGTH;
            case CANCELLED -> FinishReason.FINISH_REASON_CANCELLED;
        };
    }

    static TokenLogProb logprob(TokenScore t) {
        TokenLogProb.Builder b = TokenLogProb.newBuilder().setTokenId(Math.toIntExact(t.tokenId()))
                .setToken(t.token()).setLogprob((float) t.logprob());
        t.alternatives().forEach(a -> b.addTopLogprobs(logprob(a)));
        return b.build();
    }

    static InferenceScoreResponse score(ScoreResult r) {
        InferenceScoreResponse.Builder b = InferenceScoreResponse.newBuilder().setModel(r.model())
                .setTotalLogprob(r.totalLogprob()).setPerplexity(r.perplexity()).setContextTokens(r.contextTokens());
        r.tokens().forEach(t -> b.addTokens(logprob(t)));
        return b.build();
    }

    static HiddenStatesResponse hiddenStates(HiddenStatesResult r) {
        HiddenStatesResponse.Builder b = HiddenStatesResponse.newBuilder().setModel(r.model())
                .setHiddenSize(r.hiddenSize()).addAllTokenCounts(r.tokenCounts());
        for (PooledActivations a : r.activations()) {
            FloatTensor.Builder t = FloatTensor.newBuilder().addShape(a.rows()).addShape(a.columns());
            for (float v : a.values()) {
                t.addValues(v);
            }
            b.addActivationsBuilder().setLayer(a.layer()).setPooling(switch (a.pooling()) {
                case LAST_TOKEN -> Pooling.POOLING_LAST_TOKEN;
                case MEAN -> Pooling.POOLING_MEAN;
            }).setActivations(t);
        }
        return b.build();
    }

    static ModelInfo modelInfo(ModelDescription d) {
        ModelDescription.Shape shape = d.shape();
        ModelInfo.Builder b = ModelInfo.newBuilder()
                .setName(d.name())
                .setArchitecture(d.source().architecture())
                .setModelType(d.source().modelType())
                .setNumLayers(shape.numLayers())
                .setHiddenSize(shape.hiddenSize())
                .setNumAttentionHeads(shape.attentionHeads())
                .setNumKeyValueHeads(shape.keyValueHeads())
                .setVocabSize(shape.vocabSize())
                .setContextLength(shape.contextLength())
                .setDtype(dtype(d.placement().dtype()))
                .setCheckpointDtype(dtype(d.placement().checkpointDtype()))
                .setDevice(d.placement().device())
                .setParameterCount(shape.parameterCount())
                .setCheckpointPath(d.source().checkpointPath().toString())
                .setLoadedAt(timestamp(d.source().loadedAt()))
                .setHasChatTemplate(d.tokens().hasChatTemplate());
        d.tokens().bosTokenId().ifPresent(id -> b.setBosTokenId(Math.toIntExact(id)));
        d.tokens().eosTokenIds().forEach(id -> b.addEosTokenIds(Math.toIntExact(id)));
        return b.build();
    }

    static LoadModelResponse loadModel(LoadOutcome o) {
        LoadModelResponse.Builder b = LoadModelResponse.newBuilder().setModelInfo(modelInfo(o.model()))
                .setLoadTime(duration(o.loadTime()));
        o.previous().ifPresent(p -> b.setPreviousModelInfo(modelInfo(p)));
        return b.build();
    }

    private static Dtype dtype(DataType t) {
        if (t == DataType.FLOAT32) {
            return Dtype.DTYPE_FLOAT32;
        }
        if (t == DataType.FLOAT16) {
            return Dtype.DTYPE_FLOAT16;
        }
        return Dtype.DTYPE_UNSPECIFIED;
    }

    private static Dtype dtype(DType t) {
        return switch (t) {
            case F32 -> Dtype.DTYPE_FLOAT32;
            case F16 -> Dtype.DTYPE_FLOAT16;
            case BF16 -> Dtype.DTYPE_BFLOAT16;
            default -> Dtype.DTYPE_UNSPECIFIED;
        };
    }

    private static Duration duration(java.time.Duration d) {
        return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
    }

    private static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }
}
