package io.hindsight.alerting;

/** A body that is not the documented format of its sender; the message names what was wrong. */
public class AlertPayloadException extends RuntimeException {

    public AlertPayloadException(String message) {
        super(message);
    }
}
