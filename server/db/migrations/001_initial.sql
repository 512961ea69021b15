-- luoshi initial schema. Forward-only; the same file runs on PGlite and PostgreSQL.
-- Owners: orgs (org_units, users, deputy_departments, sessions, login_attempts), plans (import_drafts,
-- plans, tasks, task_co_units, milestones, targets), supervision (progress_reports, evidence_files,
-- supervision_orders, notifications), audit (audit_events).

CREATE TABLE org_units (
  id serial PRIMARY KEY,
  parent_id integer REFERENCES org_units(id),
  type text NOT NULL CHECK (type IN ('province', 'city', 'county', 'bureau', 'department', 'township', 'school')),
  name text NOT NULL,
  code text UNIQUE,
  -- materialised path of ids, '/1/4/17/': a subtree is every row whose path starts with the root's
  path text NOT NULL DEFAULT '',
  school_type text,
  ownership text CHECK (ownership IN ('public', 'private')),
  sort integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX org_units_parent ON org_units (parent_id);
CREATE INDEX org_units_path ON org_units (path text_pattern_ops);

CREATE TABLE users (
  id serial PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'leader', 'deputy', 'staff', 'township', 'school', 'inspector', 'observer')),
  org_unit_id integer NOT NULL REFERENCES org_units(id),
  disabled boolean NOT NULL DEFAULT false,
  must_change_password boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  email text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_org_unit ON users (org_unit_id);

-- the departments a deputy leader (分管领导) is in charge of
CREATE TABLE deputy_departments (
  user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  org_unit_id integer NOT NULL REFERENCES org_units(id),
  PRIMARY KEY (user_id, org_unit_id)
);

CREATE TABLE sessions (
  -- sha-256 of the session token; the token itself only ever lives in the cookie
  id text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_attempts (
  id bigserial PRIMARY KEY,
  client text NOT NULL,
  username text NOT NULL,
  ok boolean NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX login_attempts_client_at ON login_attempts (client, at);

CREATE TABLE import_drafts (
  id serial PRIMARY KEY,
  org_unit_id integer NOT NULL REFERENCES org_units(id),
  file_name text NOT NULL,
  format text NOT NULL,
  encoding text NOT NULL,
  source text NOT NULL,
  -- the reader's PlanDraft as edited by the reviewer (documents, items, quantities, warnings)
  draft jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'committed', 'discarded')),
  plan_id integer,
  created_by integer NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);

CREATE TABLE plans (
  id serial PRIMARY KEY,
  org_unit_id integer NOT NULL REFERENCES org_units(id),
  title text NOT NULL,
  doc_type text,
  years integer[] NOT NULL DEFAULT '{}',
  doc_number text,
  issued_on date,
  issuer text,
  source_draft_id integer REFERENCES import_drafts(id),
  created_by integer REFERENCES users(id),
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX plans_org_unit ON plans (org_unit_id);

-- sections and tasks of a plan, to any depth
CREATE TABLE tasks (
  id serial PRIMARY KEY,
  plan_id integer NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  parent_id integer REFERENCES tasks(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('section', 'task')),
  position integer NOT NULL,
  num text,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  source_start integer,
  source_end integer,
  lead_unit_id integer REFERENCES org_units(id),
  deputy_user_id integer REFERENCES users(id),
  deadline date,
  cadence text NOT NULL DEFAULT 'monthly' CHECK (cadence IN ('weekly', 'monthly', 'quarterly', 'adhoc')),
  state text NOT NULL DEFAULT 'draft'
    CHECK (state IN ('draft', 'assigned', 'accepted', 'completion_requested', 'closed')),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  status_color text NOT NULL DEFAULT 'grey' CHECK (status_color IN ('green', 'yellow', 'red', 'grey')),
  status_reason text,
  status_override text CHECK (status_override IN ('green', 'yellow', 'red')),
  status_override_note text,
  escalation_level integer NOT NULL DEFAULT 0,
  last_report_at timestamptz,
  closed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX tasks_plan ON tasks (plan_id, position);
CREATE INDEX tasks_lead_unit ON tasks (lead_unit_id);
CREATE INDEX tasks_deputy ON tasks (deputy_user_id);

CREATE TABLE task_co_units (
  task_id integer NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  org_unit_id integer NOT NULL REFERENCES org_units(id),
  PRIMARY KEY (task_id, org_unit_id)
);
CREATE INDEX task_co_units_unit ON task_co_units (org_unit_id);

CREATE TABLE milestones (
  id serial PRIMARY KEY,
  task_id integer NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  title text NOT NULL,
  due_on date NOT NULL,
  reached_at timestamptz,
  position integer NOT NULL DEFAULT 0
);
CREATE INDEX milestones_task ON milestones (task_id);

-- quantified targets; a multi-year plan keeps one row per year (yearly sub-targets)
CREATE TABLE targets (
  id serial PRIMARY KEY,
  task_id integer NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  indicator text NOT NULL,
  value numeric NOT NULL,
  unit text NOT NULL,
  year integer,
  kind text NOT NULL DEFAULT 'target' CHECK (kind IN ('target', 'actual', 'change', 'baseline')),
  deadline text,
  qualifier text,
  source_start integer,
  source_end integer,
  source_text text,
  achieved numeric,
  achieved_at timestamptz,
  position integer NOT NULL DEFAULT 0
);
CREATE INDEX targets_task ON targets (task_id);

CREATE TABLE progress_reports (
  id serial PRIMARY KEY,
  task_id integer NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  org_unit_id integer NOT NULL REFERENCES org_units(id),
  author_id integer NOT NULL REFERENCES users(id),
  kind text NOT NULL DEFAULT 'progress' CHECK (kind IN ('progress', 'completion')),
  text text NOT NULL,
  percent integer CHECK (percent BETWEEN 0 AND 100),
  milestone_id integer REFERENCES milestones(id),
  -- achieved figures: [{ targetId, value }]
  figures jsonb NOT NULL DEFAULT '[]',
  review_state text NOT NULL DEFAULT 'pending' CHECK (review_state IN ('pending', 'accepted', 'returned')),
  review_reason text,
  reviewed_by integer REFERENCES users(id),
  reviewed_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX progress_reports_task ON progress_reports (task_id, created_at);

CREATE TABLE evidence_files (
  id serial PRIMARY KEY,
  report_id integer NOT NULL REFERENCES progress_reports(id) ON DELETE CASCADE,
  file_name text NOT NULL,
  mime text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX evidence_files_report ON evidence_files (report_id);

-- 督办单
CREATE TABLE supervision_orders (
  id serial PRIMARY KEY,
  task_id integer NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  number text NOT NULL UNIQUE,
  issued_by integer NOT NULL REFERENCES users(id),
  issued_at timestamptz NOT NULL,
  reason text NOT NULL,
  requirement text NOT NULL,
  due_on date NOT NULL,
  state text NOT NULL DEFAULT 'issued' CHECK (state IN ('issued', 'responded', 'closed')),
  response text,
  responded_by integer REFERENCES users(id),
  responded_at timestamptz,
  closed_at timestamptz
);
CREATE INDEX supervision_orders_task ON supervision_orders (task_id);

CREATE TABLE notifications (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL,
  task_id integer REFERENCES tasks(id) ON DELETE CASCADE,
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  -- the same reminder is never sent twice: kind + task + day + user
  dedupe_key text UNIQUE,
  created_at timestamptz NOT NULL,
  read_at timestamptz,
  emailed_at timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC);

-- append-only record of every change (who, when, what, before/after)
CREATE TABLE audit_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id integer REFERENCES users(id),
  action text NOT NULL,
  entity text NOT NULL,
  entity_id integer,
  task_id integer,
  before jsonb,
  after jsonb,
  reason text
);
CREATE INDEX audit_events_task ON audit_events (task_id, id);
CREATE INDEX audit_events_actor ON audit_events (actor_id, id);
CREATE INDEX audit_events_entity ON audit_events (entity, entity_id, id);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);
