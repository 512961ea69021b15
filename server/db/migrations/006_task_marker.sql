-- The numbering of a section or task as the document writes it ("（二）", "一、", "1."), kept at commit so the
-- screens show the document's own numbering; tasks.num stays the bare number ("二") used for search and order.
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS marker text;
