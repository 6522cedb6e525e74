package dev.warden.model.safetensors;

/** A tensor was asked for by a name that the file or checkpoint does not hold. */
public class TensorNotFoundException extends SafeTensorsException {

    private static final long serialVersionUID = 1L;

    private final String tensorName;

    /**
     * @param tensorName the name that was asked for
     * @param source the file or checkpoint directory that was searched
     */
    public TensorNotFoundException(String tensorName, String source) {
        super("no tensor named '" + tensorName + "' in " + source);
        this.tensorName = tensorName;
    }

    /** @return the name that was asked for */
    public String tensorName() {
        return tensorName;
    }
}
