package dev.warden.e2e.story;

import java.io.PrintStream;
import java.util.Objects;

/**
 * Prints the story: section titles, lines, and (on a terminal) a progress line redrawn in place. Without a
 * terminal (a pipe, a test log) progress lines are dropped and everything else is printed as is.
 */
public final class Narrator {

    private final PrintStream out;
    private final boolean live;
    private int progressWidth;

    /**
     * @param out  where to print
     * @param live whether {@code out} is a terminal (progress is redrawn in place with carriage returns)
     */
    public Narrator(PrintStream out, boolean live) {
        this.out = Objects.requireNonNull(out, "out");
        this.live = live;
    }

    /** Standard output; live when a console is attached. */
    public static Narrator console() {
        return new Narrator(System.out, System.console() != null);
    }

    /** A titled section, after a blank line. */
    public void section(String title) {
        clearProgress();
        out.println();
        out.println("== " + title + " " + "=".repeat(Math.max(3, 96 - title.length())));
    }

    /** One line. */
    public void line(String text) {
        clearProgress();
        out.println(text);
        out.flush();
    }

    /** Text without a line break (streamed output). */
    public void partial(String text) {
        clearProgress();
        out.print(text);
        out.flush();
    }

    /** A progress line, redrawn in place on a terminal; dropped otherwise. */
    public void progress(String text) {
        if (!live) {
            return;
        }
        String padded = text.length() < progressWidth ? text + " ".repeat(progressWidth - text.length()) : text;
        out.print("\r" + padded);
        out.flush();
        progressWidth = text.length();
    }

    /** {@code text} cut to {@code max} characters, with an ellipsis when cut; in quotes. */
    public static String quote(String text, int max) {
        String t = text.strip();
        return "\"" + (t.length() > max ? t.substring(0, max - 3) + "..." : t) + "\"";
    }

    private void clearProgress() {
        if (progressWidth > 0) {
            out.print("\r" + " ".repeat(progressWidth) + "\r");
            progressWidth = 0;
        }
    }
}
