-- Indicators, calculation side (issue 5): live totals of data values for every unit with grandchildren,
-- unit filters, the indicator catalogue's identities, and links from plan targets to indicators.
-- Owner: server/modules/indicators/calc. Design: docs/indicators.md, docs/decisions/007-live-indicator-aggregation.md.
-- The same file runs on PGlite and PostgreSQL.

-- Unit filters: which entering units a filtered total counts (普惠园 = kindergartens that are public or
-- 普惠性; 小学 = primary schools …). Filter 0 counts every unit. `element_ids` limits a filter to the
-- elements that need it (so the totals table does not grow by a copy of everything per filter).
CREATE TABLE indicator_filters (
  id smallint PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  school_types text[],
  ownership text CHECK (ownership IN ('public', 'private')),
  -- public or 普惠性 (inclusive)
  puhui boolean NOT NULL DEFAULT false,
  element_ids integer[]
);

INSERT INTO indicator_filters (id, code, name, school_types, ownership, puhui, element_ids) VALUES
  (0, 'all', '全部单位', NULL, NULL, false, NULL),
  (1, 'kg_public', '公办幼儿园', ARRAY['kindergarten'], 'public', false,
     (SELECT array_agg(id) FROM data_elements WHERE code IN ('ENROLL_KG', 'TEACHERS'))),
  (2, 'kg_puhui', '普惠性幼儿园（公办园与普惠性民办园）', ARRAY['kindergarten'], NULL, true,
     (SELECT array_agg(id) FROM data_elements WHERE code IN ('ENROLL_KG', 'TEACHERS'))),
  (3, 'kg', '幼儿园', ARRAY['kindergarten'], NULL, false,
     (SELECT array_agg(id) FROM data_elements WHERE code IN ('TEACHERS', 'TEACHERS_BACHELOR', 'STAFF'))),
  (4, 'primary', '小学', ARRAY['primary'], NULL, false,
     (SELECT array_agg(id) FROM data_elements WHERE code IN ('ENROLL_PRIMARY', 'TEACHERS', 'TEACHERS_BACHELOR'))),
  (5, 'junior', '初级中学', ARRAY['junior'], NULL, false,
     (SELECT array_agg(id) FROM data_elements WHERE code IN ('ENROLL_JUNIOR', 'TEACHERS', 'TEACHERS_BACHELOR'))),
  (6, 'senior', '普通高中', ARRAY['senior'], NULL, false,
     (SELECT array_agg(id) FROM data_elements WHERE code IN ('ENROLL_SENIOR', 'TEACHERS', 'TEACHERS_BACHELOR')));

-- Live totals, kept for the units that have a grandchild (province, cities, counties …): the sum of the
-- values entered by the unit's strict descendants, per element, filter, period and category. `n` counts
-- the contributing values; n = 0 rows (left by deletes) mean "no data". A unit's own values are read
-- beside its totals; a unit without grandchildren (a school; a township whose children are all schools)
-- keeps no totals and is read from its own and its children's values (a few dozen rows), so the table
-- holds ≈ 20 k rows at province scale instead of ≈ 220 k for every township. Kept by statement-level
-- triggers on data_values and org_units (below); rebuilt by data_totals_recompute().
CREATE TABLE data_totals (
  org_unit_id integer NOT NULL,
  element_id integer NOT NULL,
  filter_id smallint NOT NULL,
  period text NOT NULL,
  category text NOT NULL,
  value numeric NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (org_unit_id, element_id, filter_id, period, category)
);

-- Does the unit (school_type, ownership, inclusive) count for the filter, for this element?
CREATE FUNCTION indicator_filter_matches(f indicator_filters, school_type text, ownership text, inclusive boolean, element_id integer)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT (f.school_types IS NULL OR school_type = ANY (f.school_types))
     AND (f.ownership IS NULL OR ownership = f.ownership)
     AND (NOT f.puhui OR ownership = 'public' OR coalesce(inclusive, false))
     AND (f.element_ids IS NULL OR element_id = ANY (f.element_ids))
$$;

-- Are the unit's totals kept, i.e. does it have a grandchild?
CREATE FUNCTION data_totals_kept(unit integer) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM org_units c JOIN org_units g ON g.parent_id = c.id WHERE c.parent_id = unit)
$$;

-- The units whose totals a value entered at the unit with this path counts in: every strict ancestor
-- but the parent (they all have a grandchild on the path), and the parent when its totals are kept.
CREATE FUNCTION data_totals_ancestors(unit_path text) RETURNS SETOF integer LANGUAGE sql STABLE AS $$
  SELECT a.id
  FROM (SELECT string_to_array(btrim(unit_path, '/'), '/')::int[] AS ids) p
  CROSS JOIN LATERAL unnest(p.ids) WITH ORDINALITY AS a(id, k)
  WHERE a.k < cardinality(p.ids) - 1 OR (a.k = cardinality(p.ids) - 1 AND data_totals_kept(a.id))
$$;

-- A data_values statement → one grouped upsert of its signed changes into the kept ancestors.
-- Bulk loaders may switch it off for their session (SET luoshi.totals = 'off') and call
-- data_totals_recompute() afterwards.
CREATE FUNCTION data_totals_on_values() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('luoshi.totals', true) = 'off' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    WITH anc AS MATERIALIZED (
      SELECT u.id, u.school_type, u.ownership, u.inclusive, a.id AS anc
      FROM org_units u CROSS JOIN LATERAL data_totals_ancestors(u.path) AS a(id)
      WHERE u.id IN (SELECT org_unit_id FROM new_rows)
    )
    INSERT INTO data_totals AS t (org_unit_id, element_id, filter_id, period, category, value, n)
    SELECT u.anc, d.element_id, f.id, d.period, d.category, sum(d.value), count(*)
    FROM new_rows d
    JOIN anc u ON u.id = d.org_unit_id
    JOIN indicator_filters f ON indicator_filter_matches(f, u.school_type, u.ownership, u.inclusive, d.element_id)
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (org_unit_id, element_id, filter_id, period, category)
    DO UPDATE SET value = t.value + excluded.value, n = t.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    WITH anc AS MATERIALIZED (
      SELECT u.id, u.school_type, u.ownership, u.inclusive, a.id AS anc
      FROM org_units u CROSS JOIN LATERAL data_totals_ancestors(u.path) AS a(id)
      WHERE u.id IN (SELECT org_unit_id FROM old_rows)
    )
    INSERT INTO data_totals AS t (org_unit_id, element_id, filter_id, period, category, value, n)
    SELECT u.anc, d.element_id, f.id, d.period, d.category, -sum(d.value), -count(*)
    FROM old_rows d
    JOIN anc u ON u.id = d.org_unit_id
    JOIN indicator_filters f ON indicator_filter_matches(f, u.school_type, u.ownership, u.inclusive, d.element_id)
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (org_unit_id, element_id, filter_id, period, category)
    DO UPDATE SET value = t.value + excluded.value, n = t.n + excluded.n;
  ELSE
    WITH d AS (
      SELECT element_id, org_unit_id, period, category, value, 1 AS n FROM new_rows
      UNION ALL
      SELECT element_id, org_unit_id, period, category, -value, -1 FROM old_rows
    ),
    anc AS MATERIALIZED (
      SELECT u.id, u.school_type, u.ownership, u.inclusive, a.id AS anc
      FROM org_units u CROSS JOIN LATERAL data_totals_ancestors(u.path) AS a(id)
      WHERE u.id IN (SELECT org_unit_id FROM d)
    )
    INSERT INTO data_totals AS t (org_unit_id, element_id, filter_id, period, category, value, n)
    SELECT u.anc, d.element_id, f.id, d.period, d.category, sum(d.value), sum(d.n)
    FROM d
    JOIN anc u ON u.id = d.org_unit_id
    JOIN indicator_filters f ON indicator_filter_matches(f, u.school_type, u.ownership, u.inclusive, d.element_id)
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(d.value) <> 0 OR sum(d.n) <> 0
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (org_unit_id, element_id, filter_id, period, category)
    DO UPDATE SET value = t.value + excluded.value, n = t.n + excluded.n;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER data_totals_insert AFTER INSERT ON data_values
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_totals_on_values();
CREATE TRIGGER data_totals_update AFTER UPDATE ON data_values
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_totals_on_values();
CREATE TRIGGER data_totals_delete AFTER DELETE ON data_values
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_totals_on_values();

-- Full rebuild, in one pass over data_values: each value is added to its nearest kept ancestor (the
-- parent if kept, else the grandparent), per unit class (school_type, ownership, 普惠性) for the elements
-- a filter needs; those sums are rolled up one level at a time, deepest first (one grouped insert per
-- level, on a few thousand rows); the filters are applied to the classes at the end. The pass over the
-- ≈ 1.36 M values is most of the cost (≈ 1 s of CPU on PGlite); the primary key is rebuilt once.
CREATE FUNCTION data_totals_recompute() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  lvl integer;
  maxdepth integer;
  fel integer[];
BEGIN
  PERFORM set_config('work_mem', '256MB', true);
  -- the elements some filter counts (the others need no unit class)
  IF EXISTS (SELECT 1 FROM indicator_filters WHERE id > 0 AND element_ids IS NULL) THEN
    fel := NULL;
  ELSE
    SELECT coalesce(array_agg(DISTINCT e), '{}') INTO fel
    FROM indicator_filters f CROSS JOIN LATERAL unnest(f.element_ids) AS e WHERE f.id > 0;
  END IF;
  DROP TABLE IF EXISTS pg_temp.totals_cls, pg_temp.totals_cls_filters, pg_temp.totals_units, pg_temp.totals_work;
  CREATE TEMP TABLE totals_cls AS
    SELECT (row_number() OVER ())::int AS cls, school_type, ownership, inclusive,
           coalesce(school_type, '-') || '|' || coalesce(ownership, '-') || '|' || coalesce(inclusive::text, '-') AS key
    FROM (SELECT DISTINCT school_type, ownership, inclusive FROM org_units) x;
  CREATE TEMP TABLE totals_cls_filters AS
    SELECT c.cls, f.id AS filter_id, f.element_ids
    FROM totals_cls c JOIN indicator_filters f
      ON f.id > 0 AND indicator_filter_matches(f, c.school_type, c.ownership, c.inclusive, NULL) IS NOT FALSE;
  -- each unit with a kept ancestor → its nearest one and that one's depth
  CREATE TEMP TABLE totals_units AS
    SELECT x.id, x.cls, x.target, length(t.path) - length(replace(t.path, '/', '')) - 1 AS depth
    FROM (
      SELECT u.id, c.cls, CASE WHEN k.id IS NOT NULL THEN p.id ELSE p.parent_id END AS target
      FROM org_units u
      JOIN org_units p ON p.id = u.parent_id
      LEFT JOIN (SELECT DISTINCT p.parent_id AS id FROM org_units c JOIN org_units p ON p.id = c.parent_id) k
        ON k.id = p.id
      JOIN totals_cls c
        ON c.key = coalesce(u.school_type, '-') || '|' || coalesce(u.ownership, '-') || '|' || coalesce(u.inclusive::text, '-')
    ) x
    JOIN org_units t ON t.id = x.target;
  -- temporary tables have no statistics: without them the pass below hashes data_values, not the units
  ANALYZE totals_units;
  CREATE TEMP TABLE totals_work AS
    SELECT u.target AS unit, u.depth, d.element_id, d.period, d.category,
           CASE WHEN fel IS NULL OR d.element_id = ANY (fel) THEN u.cls ELSE 0 END AS cls,
           sum(d.value) AS value, count(*)::int AS n
    FROM data_values d JOIN totals_units u ON u.id = d.org_unit_id
    GROUP BY 1, 2, 3, 4, 5, 6;
  SELECT max(depth) INTO maxdepth FROM totals_work;
  FOR lvl IN REVERSE coalesce(maxdepth, 0)..2 LOOP
    INSERT INTO totals_work (unit, depth, element_id, period, category, cls, value, n)
    SELECT p.parent_id, lvl - 1, x.element_id, x.period, x.category, x.cls, sum(x.value), sum(x.n)
    FROM totals_work x JOIN org_units p ON p.id = x.unit
    WHERE x.depth = lvl AND p.parent_id IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6;
  END LOOP;
  TRUNCATE data_totals;
  ALTER TABLE data_totals DROP CONSTRAINT data_totals_pkey;
  -- the deepest level's unclassed rows come from the one pass only: already one row per key
  INSERT INTO data_totals (org_unit_id, element_id, filter_id, period, category, value, n)
  SELECT unit, element_id, 0, period, category, value, n FROM totals_work WHERE depth = maxdepth AND cls = 0
  UNION ALL
  SELECT unit, element_id, 0, period, category, sum(value), sum(n) FROM totals_work
  WHERE depth < maxdepth OR cls > 0 GROUP BY 1, 2, 4, 5
  UNION ALL
  SELECT x.unit, x.element_id, cf.filter_id, x.period, x.category, sum(x.value), sum(x.n)
  FROM totals_work x JOIN totals_cls_filters cf ON cf.cls = x.cls
  WHERE x.cls > 0 AND (cf.element_ids IS NULL OR x.element_id = ANY (cf.element_ids))
  GROUP BY 1, 2, 3, 4, 5;
  ALTER TABLE data_totals ADD CONSTRAINT data_totals_pkey PRIMARY KEY (org_unit_id, element_id, filter_id, period, category);
  DROP TABLE pg_temp.totals_cls, pg_temp.totals_cls_filters, pg_temp.totals_units, pg_temp.totals_work;
END;
$$;

-- The registry changes under the totals: a moved unit (its path changed; the registry rewrites a moved
-- subtree's paths in one statement) rebuilds everything (rare);
-- a school whose type, ownership or 普惠性 changed moves its values between filters, for its ancestors.
CREATE FUNCTION data_totals_on_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('luoshi.totals', true) = 'off' THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM old_units o JOIN new_units n ON n.id = o.id
             WHERE o.path <> '' AND o.path <> n.path) THEN
    PERFORM data_totals_recompute();
    RETURN NULL;
  END IF;
  INSERT INTO data_totals AS t (org_unit_id, element_id, filter_id, period, category, value, n)
  SELECT a.id, d.element_id, f.id, d.period, d.category, sum(d.value * u.sign), sum(u.sign)
  FROM (
    SELECT o.id, o.path, o.school_type, o.ownership, o.inclusive, -1 AS sign
    FROM old_units o JOIN new_units n ON n.id = o.id
    WHERE (o.school_type, o.ownership, o.inclusive) IS DISTINCT FROM (n.school_type, n.ownership, n.inclusive)
    UNION ALL
    SELECT n.id, n.path, n.school_type, n.ownership, n.inclusive, 1
    FROM old_units o JOIN new_units n ON n.id = o.id
    WHERE (o.school_type, o.ownership, o.inclusive) IS DISTINCT FROM (n.school_type, n.ownership, n.inclusive)
  ) u
  JOIN data_values d ON d.org_unit_id = u.id
  CROSS JOIN LATERAL data_totals_ancestors(u.path) AS a(id)
  JOIN indicator_filters f ON indicator_filter_matches(f, u.school_type, u.ownership, u.inclusive, d.element_id)
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(d.value * u.sign) <> 0 OR sum(u.sign) <> 0
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (org_unit_id, element_id, filter_id, period, category)
  DO UPDATE SET value = t.value + excluded.value, n = t.n + excluded.n;
  RETURN NULL;
END;
$$;

CREATE TRIGGER data_totals_units AFTER UPDATE ON org_units
  REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units FOR EACH STATEMENT EXECUTE FUNCTION data_totals_on_units();

-- A new unit may give its grandparent a first grandchild: from then on the grandparent's totals are kept,
-- starting from its children's values (until then they were all leaves; new units have no values).
CREATE FUNCTION data_totals_on_new_units() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  fresh integer[];
BEGIN
  IF current_setting('luoshi.totals', true) = 'off' THEN
    RETURN NULL;
  END IF;
  SELECT array_agg(g.id) INTO fresh
  FROM (SELECT DISTINCT p.parent_id AS id FROM new_units n JOIN org_units p ON p.id = n.parent_id
        WHERE p.parent_id IS NOT NULL) g
  WHERE NOT EXISTS (SELECT 1 FROM org_units x JOIN org_units y ON y.parent_id = x.id
                    WHERE x.parent_id = g.id AND y.id NOT IN (SELECT id FROM new_units));
  IF fresh IS NULL THEN
    RETURN NULL;
  END IF;
  DELETE FROM data_totals WHERE org_unit_id = ANY (fresh);
  INSERT INTO data_totals (org_unit_id, element_id, filter_id, period, category, value, n)
  SELECT c.parent_id, d.element_id, f.id, d.period, d.category, sum(d.value), count(*)
  FROM org_units c
  JOIN data_values d ON d.org_unit_id = c.id
  JOIN indicator_filters f ON indicator_filter_matches(f, c.school_type, c.ownership, c.inclusive, d.element_id)
  WHERE c.parent_id = ANY (fresh)
  GROUP BY 1, 2, 3, 4, 5
  ORDER BY 1, 2, 3, 4, 5;
  RETURN NULL;
END;
$$;

CREATE TRIGGER data_totals_new_units AFTER INSERT ON org_units
  REFERENCING NEW TABLE AS new_units FOR EACH STATEMENT EXECUTE FUNCTION data_totals_on_new_units();

-- The indicator catalogue's identities. Built-in definitions (formulas, sources) live in code
-- (server/modules/indicators/calc/catalogue.ts; a test checks the two agree); `definition` holds a
-- custom indicator's formula.
CREATE TABLE indicators (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  unit text NOT NULL,
  builtin boolean NOT NULL DEFAULT false,
  definition jsonb
);

-- A plan target ↔ a catalogue indicator: suggested when the plan is committed, then confirmed,
-- re-pointed or rejected by the reviewer. The achieved value is read for `org_unit_id` and `year`.
CREATE TABLE target_links (
  target_id integer PRIMARY KEY REFERENCES targets(id) ON DELETE CASCADE,
  indicator_id integer REFERENCES indicators(id),
  org_unit_id integer NOT NULL REFERENCES org_units(id),
  year integer,
  status text NOT NULL CHECK (status IN ('suggested', 'confirmed', 'rejected')),
  score real,
  confirmed_by integer REFERENCES users(id),
  confirmed_at timestamptz,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX target_links_indicator ON target_links (indicator_id);

-- built-in indicators (server/modules/indicators/calc/catalogue.ts)
INSERT INTO indicators (code, name, unit, builtin) VALUES
  ('KG_GER', '学前三年毛入园率', '%', true),
  ('KG_PUHUI_COVERAGE', '普惠性幼儿园覆盖率', '%', true),
  ('KG_PUBLIC_SHARE', '公办园在园幼儿占比', '%', true),
  ('COMPULSORY_RETENTION', '九年义务教育巩固率', '%', true),
  ('HS_GER', '高中阶段毛入学率', '%', true),
  ('PTR_KG', '幼儿园生师比', ':1', true),
  ('PTR_PRIMARY', '小学生师比', ':1', true),
  ('PTR_JUNIOR', '初中生师比', ':1', true),
  ('PTR_SENIOR', '普通高中生师比', ':1', true),
  ('TEACHERS_BACHELOR_SHARE', '本科及以上学历专任教师占比', '%', true),
  ('FUNDS_PER_STUDENT', '生均公用经费', '元', true),
  ('DISABLED_ENROLMENT_RATE', '适龄残疾儿童少年入学率', '%', true),
  ('NEW_PLACES', '新增学位数', '个', true),
  ('CV_P_ABOVE_REQ', '小学每百名学生拥有高于规定学历教师数校际差异系数', '', true),
  ('CV_P_BACKBONE', '小学每百名学生拥有县级及以上骨干教师数校际差异系数', '', true),
  ('CV_P_PE_ART', '小学每百名学生拥有体育、艺术专任教师数校际差异系数', '', true),
  ('CV_P_ROOM_AREA', '小学生均教学及辅助用房面积校际差异系数', '', true),
  ('CV_P_SPORTS_AREA', '小学生均体育运动场馆面积校际差异系数', '', true),
  ('CV_P_EQUIPMENT', '小学生均教学仪器设备值校际差异系数', '', true),
  ('CV_P_MULTIMEDIA', '小学每百名学生拥有网络多媒体教室数校际差异系数', '', true),
  ('CV_J_ABOVE_REQ', '初中每百名学生拥有高于规定学历教师数校际差异系数', '', true),
  ('CV_J_BACKBONE', '初中每百名学生拥有县级及以上骨干教师数校际差异系数', '', true),
  ('CV_J_PE_ART', '初中每百名学生拥有体育、艺术专任教师数校际差异系数', '', true),
  ('CV_J_ROOM_AREA', '初中生均教学及辅助用房面积校际差异系数', '', true),
  ('CV_J_SPORTS_AREA', '初中生均体育运动场馆面积校际差异系数', '', true),
  ('CV_J_EQUIPMENT', '初中生均教学仪器设备值校际差异系数', '', true),
  ('CV_J_MULTIMEDIA', '初中每百名学生拥有网络多媒体教室数校际差异系数', '', true);
