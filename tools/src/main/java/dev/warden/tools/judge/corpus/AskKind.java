package dev.warden.tools.judge.corpus;

/** The shape of a request before wrapping, after the section kinds of the content files. */
public enum AskKind {
    /** A verb phrase put into a "how do I ..." template ([howto] sections). */
    HOWTO("howto"),
    /** What a text should say, put into a "write a {f} ..." template ([write] sections). */
    WRITE("write"),
    /** A whole request as written ([ask] sections). */
    ASK("ask"),
    /** A request for a story, as written ([story] sections); answered with a story. */
    STORY("story");

    private final String section;

    AskKind(String section) {
        this.section = section;
    }

    /** The kind of the content sections holding such asks. */
    public String section() {
        return section;
    }
}
