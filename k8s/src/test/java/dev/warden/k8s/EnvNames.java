package dev.warden.k8s;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How SmallRye Config (Quarkus) finds a property in the environment: the property name with every character
 * that is not a letter or digit replaced by {@code _}, upper-cased ({@code warden.judge.llm-judge.model} is
 * {@code WARDEN_JUDGE_LLM_JUDGE_MODEL}; the map key {@code "demo-aligned"} becomes {@code _DEMO_ALIGNED_}).
 */
public final class EnvNames {

    private EnvNames() {
    }

    /** The environment variable of a property name. */
    public static String of(String property) {
        StringBuilder b = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }

    /** A regex for the variables of a property pattern whose {@code *} segments are map keys. */
    public static Pattern pattern(String propertyPattern) {
        String[] parts = propertyPattern.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int k = 0; k < parts.length; k++) {
            if (k > 0) {
                regex.append("[A-Z0-9_]+");
            }
            regex.append(Pattern.quote(of(parts[k])));
        }
        return Pattern.compile(regex.toString());
    }

    /** Whether {@code env} sets a property of {@code propertyPattern}. */
    public static boolean matches(String env, String propertyPattern) {
        return pattern(propertyPattern).matcher(env).matches();
    }

    /** A property name with its quoted map keys ({@code "demo-aligned"}) replaced by {@code *}. */
    public static String keyPattern(String property) {
        return property.replaceAll("\"[^\"]*\"", "*");
    }
}
