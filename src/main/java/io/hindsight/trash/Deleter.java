package io.hindsight.trash;

/** Who asks to delete, restore or purge, and whether they are an admin (who may do so for any incident). */
public record Deleter(long id, boolean admin) {
}
