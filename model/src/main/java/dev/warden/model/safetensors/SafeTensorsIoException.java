package dev.warden.model.safetensors;

import java.io.IOException;

/** An I/O failure while reading, mapping or writing a safetensors file. */
public class SafeTensorsIoException extends SafeTensorsException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was being done, on which file
     * @param cause the I/O failure
     */
    public SafeTensorsIoException(String message, IOException cause) {
        super(message + ": " + cause, cause);
    }
}
