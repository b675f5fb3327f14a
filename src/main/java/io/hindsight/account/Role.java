package io.hindsight.account;

import java.util.Set;

/** What a person may do. Each role includes the ones below it. */
public enum Role {
    VIEWER("Viewer", "Reads incidents, postmortems and lessons."),
    EDITOR("Editor", "Also records incidents and writes postmortems, checklists and action items."),
    ADMIN("Admin", "Also manages people, templates, integrations and the trash.");

    /** Security role names, as used in {@code @RolesAllowed}. */
    public static final String VIEW = "viewer";
    public static final String EDIT = "editor";
    public static final String MANAGE = "admin";

    private final String label;
    private final String description;

    Role(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** The security roles this role grants, itself and every lesser one. */
    public Set<String> grants() {
        return switch (this) {
            case VIEWER -> Set.of(VIEW);
            case EDITOR -> Set.of(VIEW, EDIT);
            case ADMIN -> Set.of(VIEW, EDIT, MANAGE);
        };
    }
}
