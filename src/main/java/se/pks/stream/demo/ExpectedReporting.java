package se.pks.stream.demo;

import java.util.ArrayList;
import java.util.List;
import se.pks.stream.model.Feed;

/**
 * How often a demo unit is expected to report each of its feeds (rows of {@code pks.expected_reporting}), so the
 * completeness checks have something to check against in the local run.
 */
record ExpectedReporting(String unitId, Feed feed, String cadence) {

    static List<ExpectedReporting> of(final List<DemoUnit> units) {
        final List<ExpectedReporting> rows = new ArrayList<>();
        for (final DemoUnit unit : units) {
            final String id = unit.id();
            switch (unit.profile()) {
                case UnitProfile.Outpatient ignored -> {
                    rows.add(new ExpectedReporting(id, Feed.VISITS, "WORKING_DAYS"));
                    rows.add(new ExpectedReporting(id, Feed.WAITING_LIST, "WEEKLY"));
                }
                case UnitProfile.Surgical ignored -> {
                    rows.add(new ExpectedReporting(id, Feed.OPERATIONS, "WEEKLY"));
                    rows.add(new ExpectedReporting(id, Feed.WAITING_LIST, "WEEKLY"));
                }
                case UnitProfile.Ward ignored -> rows.add(new ExpectedReporting(id, Feed.BED_OCCUPANCY, "DAILY"));
            }
        }
        return rows;
    }
}
