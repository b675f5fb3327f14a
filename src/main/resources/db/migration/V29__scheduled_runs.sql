-- Hindsight schema, part 29: a scheduled job runs once per due time, however many instances share the database.
--
-- Every instance runs the same schedule. A job that must happen once (the daily digest: once per day, not once per
-- instance) first inserts its row here, in the same transaction as its work; the primary key lets exactly one
-- instance insert it, and the others, which wait on that insert, find it taken and do nothing. A transaction that
-- rolls back takes its claim with it, so another instance (or the next due time) may try again.

CREATE TABLE scheduled_run (
    job     text        NOT NULL,
    due     text        NOT NULL,
    ran_at  timestamptz NOT NULL,
    PRIMARY KEY (job, due)
);

COMMENT ON TABLE scheduled_run IS
    'Which due time of which scheduled job has run (e.g. daily-digest, 2026-11-28); one row per job and due time, '
    'inserted in the transaction that did the work, so several instances run each due time once.';
