package dev.warden.model.runtime;

/** The configured device (a GPU) is not present on this machine. */
public class DeviceUnavailableException extends RuntimeException {

    /** Creates the exception with a message naming the device and what the engine sees. */
    public DeviceUnavailableException(String message) {
        super(message);
    }
}
