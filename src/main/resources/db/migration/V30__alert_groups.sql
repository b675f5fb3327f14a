-- Hindsight schema, part 30: alerts sent as a group (Alertmanager's and Grafana's groupKey) share one incident
-- (docs/integrations.md, "Alert intake"). Each alert keeps its own link; the group it was last sent in says which open
-- incident a new alert of the same group is added to. '' for senders that send alerts one by one.
ALTER TABLE alert_link ADD COLUMN group_key text NOT NULL DEFAULT '';
CREATE INDEX alert_link_group_idx ON alert_link (source_id, group_key);
