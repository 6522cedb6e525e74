package dev.warden.model.tokenizer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as Python's {@code json.dumps(value, ensure_ascii=False, indent=indent,
 * sort_keys=sortKeys)} writes it, which is what Hugging Face's {@code tojson} template filter produces:
 * {@code ", "} and {@code ": "} separators (or {@code ","} plus newlines when indenting), non-ASCII text
 * unescaped, floats in Python's shortest {@code repr} form ({@code 1e-05}, {@code 0.5}, {@code 2.0}).
 */
final class PythonJson {

    private PythonJson() {
    }

    /**
     * Serialises maps, iterables, arrays, strings, numbers, booleans and null; anything else as its string.
     *
     * @param indent spaces per nesting level, or null for one line
     */
    static String dumps(Object value, Integer indent, boolean sortKeys) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, indent, sortKeys, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, Integer indent, boolean sortKeys, int level) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (value instanceof Double || value instanceof Float) {
            sb.append(floatRepr(((Number) value).doubleValue()));
        } else if (value instanceof BigDecimal d) {
            sb.append(floatRepr(d.doubleValue()));
        } else if (value instanceof Number n) {
            sb.append(n);
        } else if (value instanceof Map<?, ?> map) {
            List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
            if (sortKeys) {
                entries.sort((a, b) -> String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey())));
            }
            List<Object> keysAndValues = new ArrayList<>();
            for (Map.Entry<?, ?> e : entries) {
                keysAndValues.add(e);
            }
            container(sb, '{', '}', keysAndValues, indent, sortKeys, level);
        } else if (value instanceof Iterable<?> iterable) {
            List<Object> items = new ArrayList<>();
            iterable.forEach(items::add);
            container(sb, '[', ']', items, indent, sortKeys, level);
        } else if (value instanceof Object[] array) {
            container(sb, '[', ']', List.of(array), indent, sortKeys, level);
        } else {
            string(sb, value.toString());
        }
    }

    private static void container(StringBuilder sb, char open, char close, List<Object> items, Integer indent,
                                  boolean sortKeys, int level) {
        sb.append(open);
        if (items.isEmpty()) {
            sb.append(close);
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(indent == null ? ", " : ",");
            }
            newline(sb, indent, level + 1);
            Object item = items.get(i);
            if (item instanceof Map.Entry<?, ?> e && open == '{') {
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent, sortKeys, level + 1);
            } else {
                write(sb, item, indent, sortKeys, level + 1);
            }
        }
        newline(sb, indent, level);
        sb.append(close);
    }

    private static void newline(StringBuilder sb, Integer indent, int level) {
        if (indent != null) {
            sb.append('\n').append(" ".repeat(indent * level));
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Python's {@code repr(float)}: shortest digits, fixed notation for exponents -4 .. 15. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exponent = digits.length() - 1 - bd.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            if (exponent >= 0) {
                String padded = digits.length() <= exponent + 1
                        ? digits + "0".repeat(exponent + 1 - digits.length()) : digits;
                String whole = padded.substring(0, exponent + 1);
                String fraction = padded.substring(exponent + 1);
                return sign + whole + "." + (fraction.isEmpty() ? "0" : fraction);
            }
            return sign + "0." + "0".repeat(-exponent - 1) + digits;
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.format("%02d", Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
}
