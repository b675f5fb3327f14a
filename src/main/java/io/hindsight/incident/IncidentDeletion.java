package io.hindsight.incident;

/**
 * Deleting an incident, as the Trash feature does it (to the Trash, restorable): the incident API offers DELETE
 * through this without depending on the Trash.
 */
public interface IncidentDeletion {

    /** Who may delete what; said on the pages, in refusals and in the API description. */
    String RULE = "Editors may delete their own drafts: incidents they declared whose postmortem is not published. "
            + "Admins may delete any incident. A deleted incident stays in the Trash, where it can be restored, "
            + "until it is purged.";

    /**
     * Moves the incident to the Trash.
     *
     * @throws io.hindsight.web.Refusal (403) when the rule does not let this person delete it
     */
    void delete(long incidentId, long actorId, boolean admin);
}
