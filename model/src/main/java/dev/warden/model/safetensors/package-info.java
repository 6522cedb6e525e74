/**
 * Safetensors: memory-mapped reading and streaming writing of Hugging Face's tensor file format, with no
 * DJL dependency (bfloat16 is widened here, in Java, because DJL crashes the JVM on it).
 *
 * <h2>Reading</h2>
 * {@link dev.warden.model.safetensors.SafeTensorsFile} opens one file and
 * {@link dev.warden.model.safetensors.ShardedSafeTensors} a checkpoint directory (sharded with
 * {@code model.safetensors.index.json}, or a single {@code model.safetensors}); both are
 * {@link dev.warden.model.safetensors.TensorSource}s. Tensor bytes are mapped read-only in regions of at
 * most 2 GiB chosen so that no tensor spans two regions; files of any size work and nothing is read onto
 * the heap unless asked.
 *
 * <h2>Hostile files</h2>
 * Everything in a file is checked before use and a violation is an
 * {@link dev.warden.model.safetensors.InvalidSafeTensorsException} naming the file and the place: a file
 * shorter than 8 bytes; a header length beyond the file or above 100 MB; a header that is not UTF-8, not
 * one JSON object, nested too deep, with duplicate keys, or with fields of the wrong type; an unknown
 * dtype; a dimension that is negative, not an integer, or too large; more than 64 dimensions; a shape whose
 * size overflows; {@code begin > end}; an end beyond the data block; a byte range whose size is not
 * {@code product(shape) * dtype size}; overlapping tensors; gaps; trailing bytes after the last tensor;
 * metadata that is not string to string. The header is parsed by a streaming parser that builds no JSON
 * tree, so memory stays proportional to the (capped) header size.
 *
 * <p>Decision on gaps: like the reference implementation, the tensors must tile the data block exactly
 * (sorted by offset: first at 0, each starting where the previous ends, the last ending at the end of the
 * file). Files written by the reference implementation and by {@link
 * dev.warden.model.safetensors.SafeTensorsWriter} always satisfy this; a file with holes is rejected.
 *
 * <h2>Writing</h2>
 * {@link dev.warden.model.safetensors.SafeTensorsWriter} streams declared tensors to a file with
 * {@code __metadata__}, converting floats to F32, F16 or BF16 with round-to-nearest-even
 * ({@link dev.warden.model.safetensors.Float16}, {@link dev.warden.model.safetensors.BFloat16});
 * {@link dev.warden.model.safetensors.ShardIndex} reads and writes the index of a sharded checkpoint.
 */
package dev.warden.model.safetensors;
