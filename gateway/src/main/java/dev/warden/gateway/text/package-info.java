/**
 * Text normalisation for the rails: {@link dev.warden.gateway.text.TextNormaliser} (NFKC with an ASCII fast path,
 * invisible characters, confusables, leetspeak, spaced-out letters; offsets kept back to the original) and
 * {@link dev.warden.gateway.text.EncodedPayloads} (base64, hex, percent-encoding, rot13).
 */
package dev.warden.gateway.text;
