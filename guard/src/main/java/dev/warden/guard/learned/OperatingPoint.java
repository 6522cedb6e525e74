package dev.warden.guard.learned;

import java.util.Locale;

/**
 * A calibrated operating point of the decision heads: the thresholds chosen on the development split so
 * that each head flags at most a target share of benign prompts. {@link #DEFAULT} is what the gateway and
 * the judge block at; a tenant policy can choose {@link #STRICT} (more recall, more false alarms) or
 * {@link #LENIENT} (fewer false alarms). The targets are in the model's metadata ({@code benign_fpr}).
 */
public enum OperatingPoint {
    /** Flags up to about 5% of benign development prompts per head. */
    STRICT,
    /** Flags up to about 1.5% of benign development prompts per head (a margin under the 2% budget). */
    DEFAULT,
    /** Flags up to about 0.5% of benign development prompts per head. */
    LENIENT;

    /** The name in the metadata and in tenant policies: {@code strict | default | lenient}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The point named {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException for another name
     */
    public static OperatingPoint parse(String name) {
        for (OperatingPoint p : values()) {
            if (p.json().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("operating point must be strict, default or lenient, got '" + name + "'");
    }
}
