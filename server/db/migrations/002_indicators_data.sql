-- Indicators, data side (issue 5): the school registry on org_units, unit groups, data elements, data sets,
-- collection rounds with approval, data values, validation rules. Owner: server/modules/indicators (registry/,
-- data/). The same file runs on PGlite and PostgreSQL. The built-in rows at the end mirror
-- server/modules/indicators/data/elements.ts (a test checks they agree).

-- org_units: 教管中心 as a unit type, and the school registry's attributes
ALTER TABLE org_units DROP CONSTRAINT org_units_type_check;
ALTER TABLE org_units ADD CONSTRAINT org_units_type_check
  CHECK (type IN ('province', 'city', 'county', 'bureau', 'department', 'township', 'center', 'school'));
-- 学校标识码: 10 digits, unique
ALTER TABLE org_units ADD COLUMN school_code text UNIQUE CHECK (school_code ~ '^[0-9]{10}$');
-- 普惠性 (kindergartens)
ALTER TABLE org_units ADD COLUMN inclusive boolean;
-- 城区 / 镇区 / 乡村
ALTER TABLE org_units ADD COLUMN locality text CHECK (locality IN ('urban', 'town', 'rural'));
ALTER TABLE org_units ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE org_units ADD COLUMN version integer NOT NULL DEFAULT 1;
-- school types as codes (the registry shows the Chinese names); schools created before this migration
UPDATE org_units SET school_type = CASE school_type
  WHEN '幼儿园' THEN 'kindergarten' WHEN '小学' THEN 'primary' WHEN '初中' THEN 'junior'
  WHEN '九年一贯制' THEN 'nine_year' WHEN '十二年一贯制' THEN 'twelve_year' WHEN '完全中学' THEN 'complete_secondary'
  WHEN '普通高中' THEN 'senior' WHEN '高中' THEN 'senior' WHEN '中职' THEN 'vocational' WHEN '特殊教育' THEN 'special'
  ELSE school_type END
WHERE school_type IS NOT NULL;
UPDATE org_units SET school_code = code WHERE type = 'school' AND code ~ '^[0-9]{10}$';

CREATE TABLE unit_groups (
  id serial PRIMARY KEY,
  -- the bureau (or county) whose group it is; groups are visible in that subtree
  owner_unit_id integer NOT NULL REFERENCES org_units(id),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  UNIQUE (owner_unit_id, name)
);

CREATE TABLE unit_group_members (
  group_id integer NOT NULL REFERENCES unit_groups(id) ON DELETE CASCADE,
  org_unit_id integer NOT NULL REFERENCES org_units(id),
  PRIMARY KEY (group_id, org_unit_id)
);
CREATE INDEX unit_group_members_unit ON unit_group_members (org_unit_id);

CREATE TABLE data_elements (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  value_type text NOT NULL CHECK (value_type IN ('integer', 'number')),
  -- 'last' = a stock (last value in the period), 'sum' = a flow
  time_aggregation text NOT NULL CHECK (time_aggregation IN ('last', 'sum')),
  -- disaggregation options ('男','女' or grades); empty = one value per unit and period
  categories text[] NOT NULL DEFAULT '{}',
  entry_level text NOT NULL CHECK (entry_level IN ('school', 'township', 'county')),
  -- school types (org_units.school_type) that report it; empty = all
  applies_to text[] NOT NULL DEFAULT '{}',
  unit text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  builtin boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1
);

CREATE TABLE data_sets (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  period_type text NOT NULL CHECK (period_type IN ('year', 'quarter', 'month')),
  builtin boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1
);

CREATE TABLE data_set_elements (
  data_set_id integer NOT NULL REFERENCES data_sets(id) ON DELETE CASCADE,
  element_id integer NOT NULL REFERENCES data_elements(id),
  sort integer NOT NULL DEFAULT 0,
  PRIMARY KEY (data_set_id, element_id)
);

-- a collection (采集轮次): one data set, one period, a subtree, a due date
CREATE TABLE collection_rounds (
  id serial PRIMARY KEY,
  data_set_id integer NOT NULL REFERENCES data_sets(id),
  name text NOT NULL,
  -- 'YYYY' | 'YYYYQn' | 'YYYYMM'
  period text NOT NULL,
  -- the subtree's root; county-level elements are entered here
  root_unit_id integer NOT NULL REFERENCES org_units(id),
  opens_on date NOT NULL,
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_by integer REFERENCES users(id),
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX collection_rounds_set_period ON collection_rounds (data_set_id, period);

-- the units a round assigns a form to, with their approval state
CREATE TABLE round_units (
  round_id integer NOT NULL REFERENCES collection_rounds(id) ON DELETE CASCADE,
  org_unit_id integer NOT NULL REFERENCES org_units(id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'submitted', 'approved', 'locked')),
  -- the level whose approval was reached: null, 'township' (乡镇/教管中心) or 'county'
  approval_level text CHECK (approval_level IN ('township', 'county')),
  submitted_at timestamptz,
  approved_at timestamptz,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  PRIMARY KEY (round_id, org_unit_id)
);
CREATE INDEX round_units_unit ON round_units (org_unit_id);

CREATE TABLE data_approvals (
  id bigserial PRIMARY KEY,
  round_id integer NOT NULL REFERENCES collection_rounds(id) ON DELETE CASCADE,
  org_unit_id integer NOT NULL REFERENCES org_units(id),
  action text NOT NULL CHECK (action IN ('submit', 'approve', 'return', 'reopen')),
  from_status text NOT NULL,
  to_status text NOT NULL,
  level text,
  reason text,
  actor_id integer REFERENCES users(id),
  at timestamptz NOT NULL
);
CREATE INDEX data_approvals_round_unit ON data_approvals (round_id, org_unit_id);

-- one value per element, unit, period and category ('' = no disaggregation); deleting a value deletes the row.
-- The calculation side keeps ancestors' totals live with a trigger on this table: write with plain
-- INSERT … ON CONFLICT DO UPDATE / DELETE.
CREATE TABLE data_values (
  element_id integer NOT NULL REFERENCES data_elements(id),
  org_unit_id integer NOT NULL REFERENCES org_units(id),
  period text NOT NULL,
  category text NOT NULL DEFAULT '',
  value numeric NOT NULL,
  round_id integer,
  updated_by integer REFERENCES users(id),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (element_id, org_unit_id, period, category)
);
CREATE INDEX data_values_unit_period ON data_values (org_unit_id, period);

CREATE TABLE validation_rules (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  -- expressions over element codes with + - * / ( ) and numbers; an element stands for its total
  left_expr text NOT NULL,
  op text NOT NULL CHECK (op IN ('<=', '<', '=', '>=', '>', '!=')),
  right_expr text NOT NULL,
  importance text NOT NULL DEFAULT 'error' CHECK (importance IN ('error', 'warning')),
  builtin boolean NOT NULL DEFAULT false,
  version integer NOT NULL DEFAULT 1
);

-- built-in rows (server/modules/indicators/data/elements.ts)
INSERT INTO data_elements (code, name, value_type, time_aggregation, categories, entry_level, applies_to, unit, description, builtin) VALUES
  ('ENROLL_KG', '在园幼儿数', 'integer', 'last', '{}', 'school', ARRAY['kindergarten']::text[], '人', '统计时点（9月1日）在园幼儿数；公办/民办、普惠性由学校登记信息区分', true),
  ('ENROLL_PRIMARY', '小学在校生数', 'integer', 'last', ARRAY['一年级', '二年级', '三年级', '四年级', '五年级', '六年级']::text[], 'school', ARRAY['primary', 'nine_year', 'twelve_year']::text[], '人', '统计时点小学在校生数，按年级分列', true),
  ('ENROLL_JUNIOR', '初中在校生数', 'integer', 'last', ARRAY['七年级', '八年级', '九年级']::text[], 'school', ARRAY['junior', 'nine_year', 'twelve_year', 'complete_secondary']::text[], '人', '统计时点初中在校生数，按年级分列', true),
  ('ENROLL_SENIOR', '普通高中在校生数', 'integer', 'last', '{}', 'school', ARRAY['senior', 'complete_secondary', 'twelve_year']::text[], '人', '统计时点普通高中在校生数', true),
  ('ENROLL_VOCATIONAL', '中职在校生数', 'integer', 'last', '{}', 'school', ARRAY['vocational']::text[], '人', '统计时点中等职业教育在校生数', true),
  ('ENROLL_SPECIAL', '特殊教育学校在校生数', 'integer', 'last', '{}', 'school', ARRAY['special']::text[], '人', '特殊教育学校在校生数', true),
  ('ENTRANTS_PRIMARY', '小学招生数', 'integer', 'sum', '{}', 'school', ARRAY['primary', 'nine_year', 'twelve_year']::text[], '人', '上一学年小学一年级招生数', true),
  ('ENTRANTS_JUNIOR', '初中招生数', 'integer', 'sum', '{}', 'school', ARRAY['junior', 'nine_year', 'twelve_year', 'complete_secondary']::text[], '人', '上一学年初中一年级招生数', true),
  ('GRAD_JUNIOR', '初中毕业生数', 'integer', 'sum', '{}', 'school', ARRAY['junior', 'nine_year', 'twelve_year', 'complete_secondary']::text[], '人', '上一学年初中毕业生数（九年义务教育巩固率的分子）', true),
  ('COHORT_BASE', '毕业年级入小学一年级时学生数', 'integer', 'last', '{}', 'school', ARRAY['junior', 'nine_year', 'twelve_year', 'complete_secondary']::text[], '人', '本届初中毕业生九年前入小学一年级时的学生数（含正常流动生）；九年义务教育巩固率的分母', true),
  ('NEW_PLACES', '新增学位数', 'integer', 'sum', '{}', 'school', '{}', '个', '本学年新建、改扩建新增的学位数', true),
  ('STAFF', '教职工数', 'integer', 'last', '{}', 'school', '{}', '人', '统计时点教职工总数', true),
  ('TEACHERS', '专任教师数', 'integer', 'last', '{}', 'school', '{}', '人', '统计时点专任教师数', true),
  ('TEACHERS_BACHELOR', '本科及以上学历专任教师数', 'integer', 'last', '{}', 'school', '{}', '人', '专任教师中本科及以上学历人数', true),
  ('TEACHERS_ABOVE_REQ', '高于规定学历专任教师数', 'integer', 'last', '{}', 'school', '{}', '人', '学历高于规定学历的专任教师数（小学专科及以上、初中本科及以上）；优质均衡指标', true),
  ('TEACHERS_BACKBONE', '县级及以上骨干教师数', 'integer', 'last', '{}', 'school', '{}', '人', '县级及以上骨干教师数；优质均衡指标', true),
  ('TEACHERS_PE_ART', '体育艺术专任教师数', 'integer', 'last', '{}', 'school', '{}', '人', '体育、艺术（美术、音乐）专任教师数；优质均衡指标', true),
  ('CLASSES', '班数', 'integer', 'last', '{}', 'school', '{}', '个', '统计时点教学班数', true),
  ('LARGE_CLASSES', '大班额班数', 'integer', 'last', '{}', 'school', '{}', '个', '56人及以上的班数', true),
  ('BUILDING_AREA', '校舍建筑面积', 'number', 'last', '{}', 'school', '{}', '平方米', '校舍建筑面积', true),
  ('TEACHING_ROOM_AREA', '教学及辅助用房面积', 'number', 'last', '{}', 'school', '{}', '平方米', '教学及辅助用房面积；优质均衡指标（生均）', true),
  ('SPORTS_AREA', '体育运动场馆面积', 'number', 'last', '{}', 'school', '{}', '平方米', '体育运动场（馆）面积；优质均衡指标（生均）', true),
  ('EQUIPMENT_VALUE', '教学仪器设备值', 'number', 'last', '{}', 'school', '{}', '元', '教学仪器设备资产值；优质均衡指标（生均）', true),
  ('MULTIMEDIA_ROOMS', '网络多媒体教室数', 'integer', 'last', '{}', 'school', '{}', '间', '网络多媒体教室数；优质均衡指标（每百名学生）', true),
  ('FUNDS_PUBLIC', '公用经费支出', 'number', 'sum', '{}', 'school', '{}', '元', '一般公共预算公用经费支出（教育经费统计）', true),
  ('DISABLED_ENROLLED', '在校残疾学生数', 'integer', 'last', ARRAY['男', '女']::text[], 'school', ARRAY['primary', 'junior', 'nine_year', 'twelve_year', 'complete_secondary', 'special']::text[], '人', '在校（含随班就读）的残疾学生数，按性别分列', true),
  ('DISABLED_HOME_TAUGHT', '送教上门残疾学生数', 'integer', 'last', '{}', 'school', ARRAY['special', 'primary', 'nine_year']::text[], '人', '接受送教上门的适龄残疾儿童少年数', true),
  ('POP_3_5', '3–5岁适龄人口', 'integer', 'last', '{}', 'township', '{}', '人', '3–5周岁适龄儿童数（学前三年毛入园率的分母）', true),
  ('POP_6_11', '6–11岁适龄人口', 'integer', 'last', '{}', 'township', '{}', '人', '6–11周岁适龄儿童数', true),
  ('POP_12_14', '12–14岁适龄人口', 'integer', 'last', '{}', 'township', '{}', '人', '12–14周岁适龄少年数', true),
  ('POP_15_17', '15–17岁适龄人口', 'integer', 'last', '{}', 'county', '{}', '人', '15–17周岁适龄人口（高中阶段毛入学率的分母）', true),
  ('POP_15_18', '15–18岁适龄人口', 'integer', 'last', '{}', 'county', '{}', '人', '15–18周岁适龄人口（部分省份口径）', true),
  ('DISABLED_CHILDREN', '适龄残疾儿童少年数', 'integer', 'last', '{}', 'county', '{}', '人', '6–15周岁适龄残疾儿童少年数（残联数据；适龄残疾儿童少年入学率的分母）', true);

INSERT INTO data_sets (code, name, period_type, builtin) VALUES ('EDU_CENSUS', '教育事业统计', 'year', true);
INSERT INTO data_set_elements (data_set_id, element_id, sort)
  SELECT s.id, e.id, e.id FROM data_sets s CROSS JOIN data_elements e WHERE s.code = 'EDU_CENSUS' AND e.builtin;

INSERT INTO validation_rules (code, name, left_expr, op, right_expr, importance, builtin) VALUES
  ('R_TEACHERS_BACHELOR', '本科及以上学历专任教师数 ≤ 专任教师数', 'TEACHERS_BACHELOR', '<=', 'TEACHERS', 'error', true),
  ('R_TEACHERS_ABOVE_REQ', '高于规定学历专任教师数 ≤ 专任教师数', 'TEACHERS_ABOVE_REQ', '<=', 'TEACHERS', 'error', true),
  ('R_TEACHERS_BACKBONE', '骨干教师数 ≤ 专任教师数', 'TEACHERS_BACKBONE', '<=', 'TEACHERS', 'error', true),
  ('R_TEACHERS_PE_ART', '体育艺术专任教师数 ≤ 专任教师数', 'TEACHERS_PE_ART', '<=', 'TEACHERS', 'error', true),
  ('R_TEACHERS_STAFF', '专任教师数 ≤ 教职工数', 'TEACHERS', '<=', 'STAFF', 'error', true),
  ('R_LARGE_CLASSES', '大班额班数 ≤ 班数', 'LARGE_CLASSES', '<=', 'CLASSES', 'error', true),
  ('R_ROOM_AREA', '教学及辅助用房面积 ≤ 校舍建筑面积', 'TEACHING_ROOM_AREA', '<=', 'BUILDING_AREA', 'error', true),
  ('R_GRAD_COHORT', '初中毕业生数不超过入学时学生数的1.2倍', 'GRAD_JUNIOR', '<=', 'COHORT_BASE * 1.2', 'warning', true),
  ('R_POP_15', '15–18岁人口 ≥ 15–17岁人口', 'POP_15_18', '>=', 'POP_15_17', 'warning', true);
