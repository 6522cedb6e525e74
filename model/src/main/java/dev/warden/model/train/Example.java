package dev.warden.model.train;

import java.util.Arrays;

/**
 * One training example as token ids: the rendered prompt (everything the model reads before it answers,
 * special tokens included) and the response (the answer's tokens, end-of-sequence token included). The
 * loss covers the response only.
 *
 * @param prompt   prompt token ids, at least one
 * @param response response token ids, at least one
 */
public record Example(int[] prompt, int[] response) {

    /** Validates and defensively copies both arrays. */
    public Example {
        if (prompt == null || prompt.length == 0) {
            throw new IllegalArgumentException("an example needs at least one prompt token");
        }
        if (response == null || response.length == 0) {
            throw new IllegalArgumentException("an example needs at least one response token");
        }
        prompt = prompt.clone();
        response = response.clone();
    }

    /** Prompt plus response length. */
    public int length() {
        return prompt.length + response.length;
    }

    @Override
    public int[] prompt() {
        return prompt.clone();
    }

    @Override
    public int[] response() {
        return response.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example e && Arrays.equals(prompt, e.prompt) && Arrays.equals(response, e.response);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(prompt) + Arrays.hashCode(response);
    }

    @Override
    public String toString() {
        return "Example[prompt=" + Arrays.toString(prompt) + ", response=" + Arrays.toString(response) + "]";
    }
}
