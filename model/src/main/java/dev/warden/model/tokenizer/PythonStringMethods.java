package dev.warden.model.tokenizer;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python {@code str} methods for Jinja templates. Hugging Face renders chat templates with Python's Jinja2,
 * where {@code message['content'].strip()} calls Python's {@code str.strip}; jinjava instead calls the Java
 * method of the same name, which exists for a few ({@code strip}, {@code replace}) and is missing for the
 * rest ({@code lstrip}, {@code startswith}, {@code upper} ...). This resolver runs first and gives the
 * Python behaviour for: {@code strip, lstrip, rstrip} (optionally with a set of characters), {@code upper,
 * lower, title, capitalize, startswith, endswith} (a prefix or a list of prefixes), {@code split} (on
 * whitespace runs, or on a separator, with optional maxsplit), {@code replace} (optional count),
 * {@code find, count, join, isdigit, isspace}. Anything else falls through to jinjava's own resolvers.
 * Dict methods ({@code items, keys, values, get}) need nothing: jinjava's maps already provide them.
 */
final class PythonStringMethods extends ELResolver {

    private static final Set<String> METHODS = Set.of("strip", "lstrip", "rstrip", "upper", "lower", "title",
            "capitalize", "startswith", "endswith", "split", "replace", "find", "count", "join", "isdigit",
            "isspace");

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String s) || method == null || !METHODS.contains(method.toString())) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result = call(s, method.toString(), args);
        context.setPropertyResolved(true);
        return result;
    }

    private static Object call(String s, String method, Object[] args) {
        return switch (method) {
            case "strip" -> rstrip(lstrip(s, chars(args)), chars(args));
            case "lstrip" -> lstrip(s, chars(args));
            case "rstrip" -> rstrip(s, chars(args));
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "title" -> title(s);
            case "capitalize" -> s.isEmpty() ? s
                    : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "startswith" -> anyMatch(args, s::startsWith);
            case "endswith" -> anyMatch(args, s::endsWith);
            case "split" -> split(s, args);
            case "replace" -> replace(s, arg(args, 0), arg(args, 1), args.length > 2 ? toInt(args[2]) : -1);
            case "find" -> s.indexOf(arg(args, 0));
            case "count" -> count(s, arg(args, 0));
            case "join" -> join(s, args.length > 0 ? args[0] : null);
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isspace" -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            default -> throw new IllegalStateException(method);
        };
    }

    private static String chars(Object[] args) {
        return args.length > 0 && args[0] != null ? args[0].toString() : null;
    }

    private static boolean stripped(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) || Character.isSpaceChar(c) : chars.indexOf(c) >= 0;
    }

    private static String lstrip(String s, String chars) {
        int start = 0;
        while (start < s.length() && stripped(s.charAt(start), chars)) {
            start++;
        }
        return s.substring(start);
    }

    private static String rstrip(String s, String chars) {
        int end = s.length();
        while (end > 0 && stripped(s.charAt(end - 1), chars)) {
            end--;
        }
        return s.substring(0, end);
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean previousCased = false;
        for (char c : s.toCharArray()) {
            sb.append(previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
            previousCased = Character.isLetter(c);
        }
        return sb.toString();
    }

    private static boolean anyMatch(Object[] args, java.util.function.Predicate<String> test) {
        Object prefix = args.length > 0 ? args[0] : null;
        if (prefix instanceof Collection<?> options) {
            return options.stream().anyMatch(o -> test.test(String.valueOf(o)));
        }
        return test.test(String.valueOf(prefix));
    }

    private static List<String> split(String s, Object[] args) {
        String sep = args.length > 0 && args[0] != null ? args[0].toString() : null;
        int maxSplit = args.length > 1 ? toInt(args[1]) : -1;
        List<String> out = new ArrayList<>();
        if (sep == null) {
            String rest = s.strip();
            while (!rest.isEmpty()) {
                if (maxSplit >= 0 && out.size() == maxSplit) {
                    out.add(rest);
                    return out;
                }
                int i = 0;
                while (i < rest.length() && !Character.isWhitespace(rest.charAt(i))) {
                    i++;
                }
                out.add(rest.substring(0, i));
                rest = rest.substring(i).stripLeading();
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
        int from = 0;
        int at;
        while ((maxSplit < 0 || out.size() < maxSplit) && (at = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static String replace(String s, String old, String replacement, int count) {
        if (count < 0 || old.isEmpty()) {
            return s.replace(old, replacement);
        }
        StringBuilder sb = new StringBuilder();
        int from = 0;
        int at;
        for (int done = 0; done < count && (at = s.indexOf(old, from)) >= 0; done++) {
            sb.append(s, from, at).append(replacement);
            from = at + old.length();
        }
        return sb.append(s.substring(from)).toString();
    }

    private static int count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1;
        }
        int n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String separator, Object items) {
        List<String> parts = new ArrayList<>();
        if (items instanceof Iterable<?> iterable) {
            iterable.forEach(o -> parts.add(String.valueOf(o)));
        } else if (items != null) {
            throw new IllegalArgumentException("join expects a list, got " + items.getClass().getSimpleName());
        }
        return String.join(separator, parts);
    }

    private static String arg(Object[] args, int i) {
        if (args.length <= i || args[i] == null) {
            throw new IllegalArgumentException("missing argument " + (i + 1));
        }
        return args[i].toString();
    }

    private static int toInt(Object o) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        throw new IllegalArgumentException("expected an integer, got " + o);
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // Never resolves: assignment is left to jinjava's resolvers.
    }
}
