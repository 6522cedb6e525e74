package dev.warden.model.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rewrites a Jinja2 template source so that jinjava gives it Jinja2's meaning, where the two grammars
 * differ in ways no jinjava option fixes:
 * <ul>
 *   <li>{@code not} binds looser than comparisons, {@code in} and {@code is} tests in Jinja2
 *       ({@code not x is defined} is {@code not (x is defined)}; {@code not 'a' in d} is
 *       {@code not ('a' in d)}), tighter in jinjava. Every {@code not} operand is parenthesised up to the next
 *       {@code and}, {@code or}, {@code if}, {@code else}, comma or closing bracket of its level.</li>
 *   <li>Jinja2 normalises newlines to {@code \n} and drops one trailing newline of the <em>source</em>
 *       ({@code keep_trailing_newline=False}); jinjava's option drops one of the <em>output</em>.</li>
 *   <li>{@code lstrip_blocks}: Jinja2 strips spaces and tabs before a block tag or comment only when they
 *       start the line; jinjava's option strips them anywhere ({@code "a {% if %}"} loses its space). Done
 *       here instead, with {@code {%+} turning it off for one tag as in Jinja2.</li>
 * </ul>
 * Text outside tags, comments, raw blocks and string literals are left untouched.
 */
final class Jinja2Rewriter {

    private static final Set<String> NOT_OPERAND_END = Set.of("and", "or", "if", "else");

    private Jinja2Rewriter() {
    }

    static String rewrite(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        if (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1);
        }
        StringBuilder out = new StringBuilder(s.length() + 32);
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("{%+", i) || s.startsWith("{#+", i)) {
                out.append(s, i, i + 2);
                i += 3;
                continue;
            }
            if ((s.startsWith("{%", i) || s.startsWith("{#", i)) && i + 2 < s.length() && s.charAt(i + 2) != '-') {
                stripIndentation(out);
            }
            if (s.startsWith("{#", i)) {
                int end = s.indexOf("#}", i + 2);
                end = end < 0 ? s.length() : end + 2;
                out.append(s, i, end);
                i = end;
            } else if (s.startsWith("{{", i) || s.startsWith("{%", i)) {
                String close = s.charAt(i + 1) == '{' ? "}}" : "%}";
                int bodyStart = i + 2;
                if (bodyStart < s.length() && (s.charAt(bodyStart) == '-' || s.charAt(bodyStart) == '+')) {
                    bodyStart++;
                }
                int closeAt = findClose(s, bodyStart, close);
                int bodyEnd = closeAt;
                if (bodyEnd > bodyStart && (s.charAt(bodyEnd - 1) == '-' || s.charAt(bodyEnd - 1) == '+')) {
                    bodyEnd--;
                }
                String body = s.substring(bodyStart, bodyEnd);
                out.append(s, i, bodyStart).append(rewriteExpression(tokenize(body))).append(s, bodyEnd, closeAt);
                i = closeAt;
                if (close.equals("%}") && body.strip().equals("raw")) {
                    int endRaw = s.indexOf("endraw", i);
                    int after = endRaw < 0 ? s.length() : s.indexOf("%}", endRaw);
                    int stop = after < 0 ? s.length() : after;
                    out.append(s, i, stop);
                    i = stop;
                }
            } else {
                out.append(s.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    /** Removes the spaces and tabs ending {@code out} if nothing else precedes them on their line. */
    private static void stripIndentation(StringBuilder out) {
        int j = out.length();
        while (j > 0 && (out.charAt(j - 1) == ' ' || out.charAt(j - 1) == '\t')) {
            j--;
        }
        if (j == 0 || out.charAt(j - 1) == '\n') {
            out.setLength(j);
        }
    }

    private static int findClose(String s, int i, String close) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith(close, i)) {
                return i;
            }
            i = (c == '\'' || c == '"') ? skipString(s, i) : i + 1;
        }
        return s.length();
    }

    private static int skipString(String s, int i) {
        char quote = s.charAt(i);
        i++;
        while (i < s.length() && s.charAt(i) != quote) {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, s.length());
    }

    /** Splits an expression into string literals, words, whitespace runs and single other characters. */
    private static List<String> tokenize(String body) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            int end;
            if (c == '\'' || c == '"') {
                end = skipString(body, i);
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                end = i;
                while (end < body.length() && (Character.isLetterOrDigit(body.charAt(end)) || body.charAt(end) == '_')) {
                    end++;
                }
            } else if (Character.isWhitespace(c)) {
                end = i;
                while (end < body.length() && Character.isWhitespace(body.charAt(end))) {
                    end++;
                }
            } else {
                end = i + 1;
            }
            tokens.add(body.substring(i, end));
            i = end;
        }
        return tokens;
    }

    private static String rewriteExpression(List<String> tokens) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < tokens.size()) {
            String t = tokens.get(i);
            if (t.equals("not") && !"is".equals(significant(tokens, i, -1)) && !"in".equals(significant(tokens, i, 1))) {
                int end = operandEnd(tokens, i + 1);
                out.append("not (").append(rewriteExpression(tokens.subList(i + 1, end))).append(')');
                i = end;
            } else {
                out.append(t);
                i++;
            }
        }
        return out.toString();
    }

    private static int operandEnd(List<String> tokens, int from) {
        int depth = 0;
        for (int j = from; j < tokens.size(); j++) {
            String u = tokens.get(j);
            if (u.equals("(") || u.equals("[") || u.equals("{")) {
                depth++;
            } else if (u.equals(")") || u.equals("]") || u.equals("}")) {
                if (depth == 0) {
                    return j;
                }
                depth--;
            } else if (depth == 0 && (u.equals(",") || NOT_OPERAND_END.contains(u))) {
                return j;
            }
        }
        return tokens.size();
    }

    /** The nearest non-whitespace token before ({@code step -1}) or after ({@code +1}) index {@code i}. */
    private static String significant(List<String> tokens, int i, int step) {
        for (int j = i + step; j >= 0 && j < tokens.size(); j += step) {
            if (!tokens.get(j).isBlank()) {
                return tokens.get(j);
            }
        }
        return null;
    }
}
