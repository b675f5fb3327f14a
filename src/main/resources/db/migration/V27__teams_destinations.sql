-- Hindsight schema, part 27: a destination is a Slack-compatible webhook (Slack, Mattermost,
-- Rocket.Chat) or a Microsoft Teams Workflows webhook (docs/notifications.md). The type decides how
-- its messages are written (Block Kit or an Adaptive Card) and how the webhook's answers are read.
-- Every destination saved before this is a Slack-compatible one.
ALTER TABLE slack_destination
    ADD COLUMN type varchar(10) NOT NULL DEFAULT 'slack' CHECK (type IN ('slack', 'teams'));
