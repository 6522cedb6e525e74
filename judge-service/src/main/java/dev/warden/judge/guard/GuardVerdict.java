package dev.warden.judge.guard;

import dev.warden.guard.taxonomy.HazardCategory;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one guard answer says: safe, unsafe (with the categories it named), or unparseable. Built by
 * {@link GuardOutputParser}; never null.
 */
public sealed interface GuardVerdict permits GuardVerdict.Safe, GuardVerdict.Unsafe, GuardVerdict.Unparseable {

    /** A "safe" answer. */
    static GuardVerdict safe() {
        return Safe.INSTANCE;
    }

    /**
     * An "unsafe" answer.
     *
     * @param categories the categories named (may be empty: the guard gave no or only unknown codes)
     * @param unknownCodes codes named that are not S1..S14, as written (e.g. "S15", "O3")
     */
    static GuardVerdict unsafe(Collection<HazardCategory> categories, List<String> unknownCodes) {
        return new Unsafe(categories.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(categories)), List.copyOf(unknownCodes));
    }

    /**
     * An answer that says neither safe nor unsafe.
     *
     * @param reason why, for logs
     * @param output the start of the answer (at most 200 characters), for logs
     */
    static GuardVerdict unparseable(String reason, String output) {
        String o = output == null ? "" : output;
        return new Unparseable(reason, o.length() > 200 ? o.substring(0, 200) : o);
    }

    /** Whether the answer was read (safe or unsafe). */
    default boolean parseable() {
        return !(this instanceof Unparseable);
    }

    /** The answer "safe". */
    record Safe() implements GuardVerdict {
        private static final Safe INSTANCE = new Safe();
    }

    /**
     * The answer "unsafe".
     *
     * @param categories the known categories named, in S-code order
     * @param unknownCodes the unknown codes named, as written
     */
    record Unsafe(Set<HazardCategory> categories, List<String> unknownCodes) implements GuardVerdict {
    }

    /**
     * An answer that could not be read.
     *
     * @param reason why
     * @param output the start of the answer
     */
    record Unparseable(String reason, String output) implements GuardVerdict {
    }
}
