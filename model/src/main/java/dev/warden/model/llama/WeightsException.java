package dev.warden.model.llama;

/** A checkpoint's weights do not match its configuration: a missing tensor or a wrong shape. */
public class WeightsException extends RuntimeException {

    /** Creates the exception with a message naming the tensor and what is wrong with it. */
    public WeightsException(String message) {
        super(message);
    }
}
