-- Key figures comparable between units (issue 20, item 1; docs/key-figures.md): the registers the region keeps for
-- them. The views are in R__06_key_figures.sql.

-- A group of comparable units the region defines (the same kind of clinic, hospitals of one size), besides the
-- group every unit is in: all units of its region that have the figure.
CREATE TABLE pks.comparison_group (
    group_id    text PRIMARY KEY CHECK (group_id !~ '^region:'),
    label       text NOT NULL,
    description text
);

CREATE TABLE pks.comparison_group_unit (
    group_id text NOT NULL REFERENCES pks.comparison_group ON DELETE CASCADE,
    unit_id  text NOT NULL,
    PRIMARY KEY (group_id, unit_id)
);

-- The population an organisation serves, per year, for volumes per 10,000 inhabitants (the region's own figures,
-- e.g. from SCB; a private provider serves no catchment of its own and has no row).
CREATE TABLE pks.catchment_population (
    organisation_id text    NOT NULL,
    year            integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    population      integer NOT NULL CHECK (population > 0),
    PRIMARY KEY (organisation_id, year)
);

CREATE TRIGGER audit_comparison_group AFTER INSERT OR UPDATE OR DELETE ON pks.comparison_group
    FOR EACH ROW EXECUTE FUNCTION pks.audit_row_change();
CREATE TRIGGER audit_comparison_group_unit AFTER INSERT OR UPDATE OR DELETE ON pks.comparison_group_unit
    FOR EACH ROW EXECUTE FUNCTION pks.audit_row_change();
CREATE TRIGGER audit_catchment_population AFTER INSERT OR UPDATE OR DELETE ON pks.catchment_population
    FOR EACH ROW EXECUTE FUNCTION pks.audit_row_change();
