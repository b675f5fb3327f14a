package io.hindsight.web;

/**
 * What a signed-in person is told when their role does not allow what they asked for (403): a title
 * and what they can do instead. The feature that knows the roles provides it, so the error mapper
 * stays free of them; without a provider the mapper says it plainly.
 */
public interface AccessRefusal {

    /** The title and the next step, as the error page and the problem document show them. */
    record Explanation(String title, String detail) {
    }

    /** Why the person of the current request was refused. */
    Explanation explain();
}
