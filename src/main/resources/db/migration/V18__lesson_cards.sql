-- What the Lessons library and its feed show of a published postmortem, read from its Markdown once, when it is
-- published or an amendment is approved, so that the library never parses Markdown while someone reads it. Title,
-- severity, tags and services stay on the incident (plain columns, always current). Postmortems published before
-- this version get their card when the portal starts (LessonCards fills every published postmortem without one).
CREATE TABLE lesson_card (
    postmortem_id bigint      PRIMARY KEY REFERENCES postmortem (id) ON DELETE CASCADE,
    incident_id   bigint      NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    published_at  timestamptz NOT NULL,
    lessons_html  text        NOT NULL,
    feed_html     text        NOT NULL,
    factors       text[]      NOT NULL DEFAULT '{}',
    -- the factors lower-cased (Locale.ROOT), for the contributing-factor filter
    factor_keys   text[]      NOT NULL DEFAULT '{}',
    extracted_at  timestamptz NOT NULL
);
-- The library's order and its keyset pagination: newest first, ties by id.
CREATE INDEX lesson_card_newest_idx ON lesson_card (published_at DESC, postmortem_id DESC);
CREATE INDEX lesson_card_factor_idx ON lesson_card USING gin (factor_keys);
CREATE INDEX lesson_card_incident_idx ON lesson_card (incident_id);

-- Every contributing factor some lesson ticked, for the library's filter list; kept as cards are written.
CREATE TABLE lesson_factor (
    factor_key text PRIMARY KEY,
    label      text NOT NULL
);
