-- Who added a timeline entry, from the incident page or the API. Entries added before this, the demo
-- stories and imported reports name nobody.
ALTER TABLE timeline_entry ADD COLUMN created_by bigint REFERENCES app_user (id) ON DELETE SET NULL;
