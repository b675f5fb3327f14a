-- Hindsight schema, part 13: a Trash for incidents. Deleting an incident only marks it (when and by
-- whom); it is hidden everywhere but the Trash until it is restored or purged after the retention
-- period. Purging deletes the row, and every table that hangs off an incident cascades.

ALTER TABLE incident
    -- Who declared it: editors may delete the drafts they declared. Unknown for incidents recorded
    -- before this column existed (only admins may delete those).
    ADD COLUMN declared_by bigint REFERENCES app_user (id) ON DELETE SET NULL,
    ADD COLUMN deleted_at  timestamptz,
    ADD COLUMN deleted_by  bigint REFERENCES app_user (id) ON DELETE SET NULL;

-- The Trash page and the scheduled purge look only at deleted rows, oldest first.
CREATE INDEX incident_deleted_idx ON incident (deleted_at, id) WHERE deleted_at IS NOT NULL;
