package dev.gatehouse.contract;

/**
 * Why a receiver refuses a Security Event Token: an RFC 8935 §2.4 error code ({@link #err}) and a
 * description for people. The receiver answers 400 with {@code {"err": ..., "description": ...}}.
 */
public final class SecurityEventRejected extends Exception {
    /** The body cannot be parsed as a SET, or an event payload does not fit its definition. */
    public static final String INVALID_REQUEST = "invalid_request";
    /** The key that signed the SET is not one the receiver accepts (or the signature is wrong). */
    public static final String INVALID_KEY = "invalid_key";
    /** The SET's issuer is not the one the receiver expects. */
    public static final String INVALID_ISSUER = "invalid_issuer";
    /** The SET's audience is not this receiver. */
    public static final String INVALID_AUDIENCE = "invalid_audience";
    private static final long serialVersionUID = 1L;

    private final String err;

    public SecurityEventRejected(String err, String description) {
        super(description);
        this.err = err;
    }

    /** The RFC 8935 error code. */
    public String err() {
        return err;
    }

    /** The human-readable description. */
    public String description() {
        return getMessage();
    }
}
