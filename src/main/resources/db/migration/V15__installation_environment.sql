-- Hindsight schema, part 15: the installation says which environment it is (production, staging,
-- development, test …), next to its id and name, so that a portal can recognise the wrong database.
-- Left empty here: the first start of a portal claims the row with its configured environment
-- (hindsight.environment.name) and, when set, its name (hindsight.installation.name).
ALTER TABLE installation ADD COLUMN environment text;
