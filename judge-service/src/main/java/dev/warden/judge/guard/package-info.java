/**
 * The text side of the tier-3 LLM judge: guard-model prompts in Llama Guard 3's format in several
 * variants ({@link dev.warden.judge.guard.GuardPrompt}, {@link dev.warden.judge.guard.GuardTemplate}), a
 * tolerant parser of the guard's answer ({@link dev.warden.judge.guard.GuardOutputParser}) and the vote
 * over templates that yields the verdict and its confidence ({@link dev.warden.judge.guard.GuardAggregator}).
 */
package dev.warden.judge.guard;
