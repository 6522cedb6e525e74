package dev.warden.recovery.method;

/**
 * Changed weights of one module of one decoder layer in the kept checkpoint (the proto's ModuleChange).
 *
 * @param layer      decoder layer index, from 0
 * @param module     e.g. "self_attn.q_proj" or "mlp.down_proj" (weight and bias together)
 * @param parameters number of parameters of the module
 * @param restored   weights restored to the aligned values over all steps up to the kept one
 * @param rolledBack of those, weights rolled back to the fine-tuned values
 */
public record ModuleChangeRow(int layer, String module, long parameters, long restored, long rolledBack) {
}
