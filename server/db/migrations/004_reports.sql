-- Reports (documents out). Owner: reports (report_bulletins, carry_overs, carry_over_links).

-- An issued progress bulletin (进展情况通报): its number within the plan, the period it covers and the
-- whole bulletin as built (what the document shows), so a re-download is the same document and the next
-- bulletin can show each unit's change in rank and on-time rate since this one.
CREATE TABLE report_bulletins (
  id serial PRIMARY KEY,
  plan_id integer NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  number integer NOT NULL,
  period_from date NOT NULL,
  period_to date NOT NULL,
  issued_at timestamptz NOT NULL,
  issued_by integer REFERENCES users(id),
  -- the built bulletin (common/schemas/reports.ts Bulletin): counts, sections, ranking, overdue items
  snapshot jsonb NOT NULL,
  UNIQUE (plan_id, number)
);
CREATE INDEX report_bulletins_plan ON report_bulletins (plan_id, number DESC);

-- "Start next year's plan from this one": the new plan and where it came from.
CREATE TABLE carry_overs (
  id serial PRIMARY KEY,
  from_plan_id integer NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  to_plan_id integer NOT NULL UNIQUE REFERENCES plans(id) ON DELETE CASCADE,
  year integer NOT NULL,
  created_at timestamptz NOT NULL,
  created_by integer REFERENCES users(id)
);
CREATE INDEX carry_overs_from ON carry_overs (from_plan_id);

-- Each carried row of the new plan and its origin: a task (or section) and, for targets, the target.
CREATE TABLE carry_over_links (
  id serial PRIMARY KEY,
  carry_over_id integer NOT NULL REFERENCES carry_overs(id) ON DELETE CASCADE,
  new_task_id integer NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  origin_task_id integer REFERENCES tasks(id) ON DELETE SET NULL,
  origin_target_id integer REFERENCES targets(id) ON DELETE SET NULL,
  -- why it was carried: unfinished (task not closed), unmet_target (closed, a target not reached), section
  reason text NOT NULL CHECK (reason IN ('unfinished', 'unmet_target', 'section', 'target'))
);
CREATE INDEX carry_over_links_new ON carry_over_links (new_task_id);
CREATE INDEX carry_over_links_origin ON carry_over_links (origin_task_id);
