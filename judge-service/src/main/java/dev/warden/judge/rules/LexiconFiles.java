package dev.warden.judge.rules;

import dev.warden.guard.text.TextNormalizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the lexicon resources under {@value #ROOT} (format: {@code lexicons/README.md}): UTF-8, one entry per
 * line, columns separated by one TAB, {@code #} comments and blank lines ignored. Phrases are normalised with
 * {@link TextNormalizer#withoutDecoding()} so that they match normalised text; a trailing {@code *} makes the
 * phrase a word prefix.
 */
final class LexiconFiles {

    /** Classpath folder of the lexicons. */
    static final String ROOT = "lexicons/";

    /** A phrase as it appears in normalised text. */
    record Phrase(String text, boolean prefix, String where) {
    }

    /** A weighted phrase. */
    record Entry(Phrase phrase, double weight) {
    }

    /** A line split into its columns, with its location for messages. */
    record Line(String[] columns, String where) {
    }

    private LexiconFiles() {
    }

    /** The lines of a lexicon resource, each split into exactly {@code columns} TAB-separated columns. */
    static List<Line> lines(String file, int columns) {
        String resource = ROOT + file;
        List<Line> out = new ArrayList<>();
        try (InputStream in = open(resource);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String where = resource + ":" + no;
                String[] cols = line.split("\t", -1);
                if (cols.length != columns) {
                    throw new IllegalArgumentException(where + ": expected " + columns + " TAB-separated columns, got "
                            + cols.length + ": '" + line + "'");
                }
                for (int i = 0; i < cols.length; i++) {
                    cols[i] = cols[i].strip();
                    if (cols[i].isEmpty()) {
                        throw new IllegalArgumentException(where + ": column " + (i + 1) + " is empty");
                    }
                }
                out.add(new Line(cols, where));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lexicon " + resource, e);
        }
        return out;
    }

    /** The entries of a {@code weight<TAB>phrase} lexicon. */
    static List<Entry> weighted(String file) {
        List<Entry> out = new ArrayList<>();
        for (Line l : lines(file, 2)) {
            out.add(new Entry(phrase(l.columns()[1], l.where()), weight(l.columns()[0], l.where())));
        }
        return out;
    }

    /** Parses a weight in (0, 1]. */
    static double weight(String s, String where) {
        double w;
        try {
            w = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": weight '" + s + "' is not a number");
        }
        if (!(w > 0.0 && w <= 1.0)) {
            throw new IllegalArgumentException(where + ": weight " + w + " is outside (0, 1]");
        }
        return w;
    }

    /** Normalises a raw phrase; a trailing {@code *} makes it a word prefix. */
    static Phrase phrase(String raw, String where) {
        String s = raw.strip();
        boolean prefix = s.endsWith("*");
        if (prefix) {
            s = s.substring(0, s.length() - 1);
        }
        String norm = TextNormalizer.withoutDecoding().normalize(s).text();
        if (norm.isEmpty()) {
            throw new IllegalArgumentException(where + ": phrase '" + raw + "' is empty after normalisation");
        }
        if (Windows.crossesSentence(norm, 0, norm.length())) {
            throw new IllegalArgumentException(where + ": phrase '" + raw + "' spans a sentence boundary");
        }
        return new Phrase(norm, prefix, where);
    }

    /** The alternatives of a {@code a|b|c} column, each normalised. */
    static List<Phrase> alternatives(String column, String where) {
        List<Phrase> out = new ArrayList<>();
        for (String alt : column.split("\\|")) {
            if (!alt.isBlank()) {
                out.add(phrase(alt, where));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(where + ": no alternatives in '" + column + "'");
        }
        return out;
    }

    private static InputStream open(String resource) {
        InputStream in = LexiconFiles.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            ClassLoader tccl = Thread.currentThread().getContextClassLoader();
            in = tccl == null ? null : tccl.getResourceAsStream(resource);
        }
        if (in == null) {
            throw new IllegalStateException("lexicon resource not found on the classpath: " + resource);
        }
        return in;
    }
}
