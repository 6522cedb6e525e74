package dev.warden.guard.taxonomy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The fixed hazard taxonomy: Llama Guard 3's categories S1..S14, in the spirit of the MLCommons hazard
 * taxonomy. {@link #code()} is the S-code ("S1"), which is also the proto enum number; {@link #title()} is
 * the category name as Llama Guard 3's prompt spells it.
 */
public enum HazardCategory {
    /** S1: terrorism, murder, assault, kidnapping, animal abuse. */
    VIOLENT_CRIMES(1, "Violent Crimes"),
    /** S2: fraud, scams, theft, hacking, drugs, weapons trafficking. */
    NON_VIOLENT_CRIMES(2, "Non-Violent Crimes"),
    /** S3: sex trafficking, sexual assault, harassment. */
    SEX_RELATED_CRIMES(3, "Sex-Related Crimes"),
    /** S4: child sexual exploitation. */
    CHILD_SEXUAL_EXPLOITATION(4, "Child Sexual Exploitation"),
    /** S5: verifiably false statements that injure a living person. */
    DEFAMATION(5, "Defamation"),
    /** S6: unqualified financial, medical or legal advice. */
    SPECIALIZED_ADVICE(6, "Specialized Advice"),
    /** S7: sensitive personal information about private individuals. */
    PRIVACY(7, "Privacy"),
    /** S8: intellectual property violations. */
    INTELLECTUAL_PROPERTY(8, "Intellectual Property"),
    /** S9: chemical, biological, radiological, nuclear weapons and explosives. */
    INDISCRIMINATE_WEAPONS(9, "Indiscriminate Weapons"),
    /** S10: demeaning people for protected characteristics. */
    HATE(10, "Hate"),
    /** S11: suicide and self-harm. */
    SUICIDE_SELF_HARM(11, "Suicide & Self-Harm"),
    /** S12: sexual content. */
    SEXUAL_CONTENT(12, "Sexual Content"),
    /** S13: false information about electoral processes. */
    ELECTIONS(13, "Elections"),
    /** S14: using a code tool to attack the host or escape it. */
    CODE_INTERPRETER_ABUSE(14, "Code Interpreter Abuse");

    private static final List<HazardCategory> ALL = List.of(values());

    private final int number;
    private final String title;

    HazardCategory(int number, String title) {
        this.number = number;
        this.title = title;
    }

    /** The S-code number, 1..14 (also the proto enum number). */
    public int number() {
        return number;
    }

    /** The S-code, "S1".."S14". */
    public String code() {
        return "S" + number;
    }

    /** The category's name as Llama Guard 3 spells it. */
    public String title() {
        return title;
    }

    /** All fourteen, in S-code order. */
    public static List<HazardCategory> all() {
        return ALL;
    }

    /** The category of an S-code number, if it is 1..14. */
    public static Optional<HazardCategory> ofNumber(int number) {
        return number >= 1 && number <= ALL.size() ? Optional.of(ALL.get(number - 1)) : Optional.empty();
    }

    /** The category of an S-code such as "S10" (case-insensitive, surrounding spaces ignored). */
    public static Optional<HazardCategory> ofCode(String code) {
        String c = code == null ? "" : code.strip();
        if (c.length() < 2 || Character.toUpperCase(c.charAt(0)) != 'S') {
            return Optional.empty();
        }
        try {
            return ofNumber(Integer.parseInt(c.substring(1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The categories in S-code order as their codes, for messages. */
    public static String codes() {
        return Arrays.stream(values()).map(HazardCategory::code).reduce((a, b) -> a + "," + b).orElse("");
    }
}
