package io.hindsight.session;


/** A token that does not count, with the reason the login page or problem document explains. */
public class AuthFailure extends RuntimeException {

    private final SessionService.Ended reason;

    public AuthFailure(SessionService.Ended reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SessionService.Ended reason() {
        return reason;
    }
}
