-- The third level of approval (issue 19 item 1, docs/approval.md): the region's approver approves the region's month
-- or tertial once every organisation of the region with figures in that period has approved it, which publishes the
-- region's rollup figures beside the organisations' and units'. A region's approval belongs to no organisation, so
-- organisation_id is empty for it and only for it.
ALTER TABLE pks.approval DROP CONSTRAINT approval_level_check;
ALTER TABLE pks.approval ADD CONSTRAINT approval_level_check CHECK (level IN ('UNIT', 'ORGANISATION', 'REGION'));
ALTER TABLE pks.approval ALTER COLUMN organisation_id DROP NOT NULL;
ALTER TABLE pks.approval ADD CONSTRAINT approval_organisation_check
    CHECK ((level = 'REGION') = (organisation_id IS NULL));

-- The region's approvals of a period, found when an organisation of the region is re-opened (refused while the
-- region's approval stands).
CREATE INDEX approval_by_region ON pks.approval (subject_id, period_kind, period_start) WHERE level = 'REGION';
