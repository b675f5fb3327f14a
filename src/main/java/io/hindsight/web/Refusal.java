package io.hindsight.web;

/**
 * A rule of a feature says no to this person for this thing (not their role as a whole): the error
 * mapper answers with the status, title and detail the feature chose, as a page or a problem document.
 */
public class Refusal extends RuntimeException {

    private final int status;
    private final String title;
    private final String detail;

    public Refusal(int status, String title, String detail) {
        super(title + ": " + detail);
        this.status = status;
        this.title = title;
        this.detail = detail;
    }

    /** 403: the person is signed in with a role that could, but this rule does not let them. */
    public static Refusal forbidden(String title, String detail) {
        return new Refusal(403, title, detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }
}
