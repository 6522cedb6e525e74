package dev.warden.model.tokenizer;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Finds the filter and test names a Jinja template uses ({@code x|trim}, {@code x is mapping}), skipping
 * string literals, comments and raw blocks. jinjava renders an unknown filter as if it were absent instead
 * of failing like Jinja2, so {@link JinjaEnvironment} checks these names up front.
 */
final class TemplateScanner {

    /** The filter names and test names found in one template. */
    record Names(Set<String> filters, Set<String> tests) {
    }

    private TemplateScanner() {
    }

    static Names scan(String source) {
        Set<String> filters = new LinkedHashSet<>();
        Set<String> tests = new LinkedHashSet<>();
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("{#", i)) {
                int end = source.indexOf("#}", i + 2);
                i = end < 0 ? source.length() : end + 2;
            } else if (source.startsWith("{{", i) || source.startsWith("{%", i)) {
                String close = source.charAt(i + 1) == '{' ? "}}" : "%}";
                int end = scanTag(source, i + 2, close, filters, tests);
                if (close.equals("%}") && isRawTag(source.substring(i + 2, Math.max(i + 2, end - 2)))) {
                    int endRaw = source.indexOf("endraw", end);
                    int after = endRaw < 0 ? -1 : source.indexOf("%}", endRaw);
                    end = after < 0 ? source.length() : after + 2;
                }
                i = end;
            } else {
                i++;
            }
        }
        return new Names(filters, tests);
    }

    private static boolean isRawTag(String body) {
        return body.replace("-", "").replace("+", "").strip().equals("raw");
    }

    /** Scans one tag body from {@code i}; returns the index just past its closing delimiter. */
    private static int scanTag(String s, int i, String close, Set<String> filters, Set<String> tests) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith(close, i)) {
                return i + close.length();
            } else if (c == '\'' || c == '"') {
                i = skipString(s, i);
            } else if (c == '|') {
                int start = skipSpaces(s, i + 1);
                int end = identifierEnd(s, start);
                if (end > start) {
                    filters.add(s.substring(start, end));
                }
                i = Math.max(end, i + 1);
            } else if (s.startsWith("is", i) && (i == 0 || !isIdentifierChar(s.charAt(i - 1)))
                    && i + 2 < s.length() && Character.isWhitespace(s.charAt(i + 2))) {
                int start = skipSpaces(s, i + 2);
                int end = identifierEnd(s, start);
                String word = s.substring(start, end);
                if (word.equals("not")) {
                    start = skipSpaces(s, end);
                    end = identifierEnd(s, start);
                    word = s.substring(start, end);
                }
                if (!word.isEmpty()) {
                    tests.add(word);
                }
                i = Math.max(end, i + 2);
            } else if (isIdentifierChar(c)) {
                i = identifierEnd(s, i);
            } else {
                i++;
            }
        }
        return i;
    }

    private static int skipString(String s, int i) {
        char quote = s.charAt(i);
        i++;
        while (i < s.length() && s.charAt(i) != quote) {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int identifierEnd(String s, int i) {
        while (i < s.length() && isIdentifierChar(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isIdentifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
