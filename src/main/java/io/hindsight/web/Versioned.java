package io.hindsight.web;

/**
 * An API view of a record that carries a version: {@link EntityTags.Filter} sends its {@link #entityTag()} as
 * the {@code ETag} of every successful response that returns it, so a program can send it back in {@code If-Match}.
 */
public interface Versioned {

    /** The strong entity tag of the record at the version shown, from {@link EntityTags#of}. */
    String entityTag();
}
