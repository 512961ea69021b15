-- Custom indicators (issue 5): county staff and the admin define ratio/count indicators over data elements.
-- Owner: server/modules/indicators/calc (custom.ts). A custom indicator is an `indicators` row with
-- builtin = false whose `definition` holds the formula (kind, numerator, denominator, factor, decimals,
-- synonyms, definition, source); `version` is the optimistic version of its edits.
-- The same file runs on PGlite and PostgreSQL.
ALTER TABLE indicators ADD COLUMN version integer NOT NULL DEFAULT 1;
