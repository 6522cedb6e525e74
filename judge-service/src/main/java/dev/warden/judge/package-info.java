/**
 * judge-service: scores prompts and responses for harm (by hazard category), refusal and bias through a
 * chain of tiers (rules, a learned classifier, an LLM judge), and runs the bias audit and the alignment
 * geometry diagnostic against inference-service.
 */
package dev.warden.judge;
