package se.pks.stream.reports;

import java.util.List;
import se.pks.stream.model.PlanKind;
import se.pks.stream.reports.FollowUpReport.Level;
import se.pks.stream.reports.FollowUpReport.PlanSection;

/** The report's title, headings and fixed sentences, shared by the PDF and the HTML. */
final class ReportWording {

    static final String WEEKS_ARE_LIVE = "The charts show the live weekly figures: weeks are not approved, so a late"
            + " registration can still move them. Weeks are ISO weeks counted by their Monday; an asterisk marks a"
            + " low-production week.";
    static final String PROJECTIONS = "Will the year's plan be reached?";
    static final String ORGANISATIONS = "The region's organisations";
    static final String ACTIONS = "Actions taken and their effect";
    static final String DEFICIENCIES = "Known data deficiencies";
    static final String LOW_WEEKS = "Low-production weeks";
    static final String KEY_FIGURES = "Key figures against the region";
    static final String ABOUT = "Where the figures come from";

    private ReportWording() {
    }

    static String title(final FollowUpReport report) {
        return "Follow-up report: " + report.subject().name() + ", " + report.period().title();
    }

    static String subtitle(final FollowUpReport report) {
        final String who = report.subject().level() == Level.ORGANISATION
                ? "Organisation " + report.subject().id() + " in region " + report.subject().regionId()
                : "Region " + report.subject().id() + ", all its organisations";
        return who + " · " + report.period().title() + " (" + report.period().name() + ") · figures as of "
                + report.asOf();
    }

    static String footer(final FollowUpReport report) {
        return "pks-stream follow-up report · " + report.subject().name() + " · " + report.period().name();
    }

    static String emptySection(final PlanSection section, final FollowUpReport report) {
        final String what = section.planKind() == PlanKind.TARGET ? "production target" : "forecast of this kind";
        return "No " + what + " is planned for " + report.subject().name() + " in the period.";
    }

    /** The status counts of the period's figures, e.g. "6 figures against plan or forecast: 3 ✔ on target, ...". */
    static String atAGlance(final FollowUpReport report) {
        final List<String> statuses = report.sections().stream().flatMap(section -> section.figures().stream())
                .map(figure -> figure.status() == null ? "NONE" : figure.status()).toList();
        final StringBuilder text = new StringBuilder(statuses.size() + (statuses.size() == 1 ? " figure" : " figures")
                + " against plan or forecast");
        String separator = ": ";
        for (final String status : List.of("GREEN", "YELLOW", "RED", "NONE")) {
            final long count = statuses.stream().filter(status::equals).count();
            if (count > 0) {
                text.append(separator).append(count).append(' ').append(ReportText.status(status));
                separator = ", ";
            }
        }
        return text.append('.').toString();
    }

    static String noWeeks(final FollowUpReport.Series series) {
        return "No week-by-week comparison: the " + ReportCharts.planName(series) + " is planned by month, not by"
                + " week.";
    }

    static String noActions(final FollowUpReport report) {
        if (report.publicEdition()) {
            return "The action register is for the region's staff and is not part of the public edition of the"
                    + " report.";
        }
        return "No action of " + report.subject().name() + " was open in the period or taken since.";
    }

    static String noDeficiencies() {
        return "The data-quality register knows of no deficiency in the period's figures.";
    }

    static String lowWeeks(final FollowUpReport report) {
        if (report.lowWeeks().isEmpty()) {
            return "The region's production calendar has no low-production week in the period.";
        }
        final StringBuilder text = new StringBuilder("Planned low production (plans and comparisons take them into"
                + " account; the action effect follow-up leaves them out):");
        report.lowWeeks().forEach(week -> text.append(" week of ").append(week.weekStart())
                .append(week.label() == null ? "" : " (" + week.label() + ")").append(';'));
        text.setLength(text.length() - 1);
        return text.append('.').toString();
    }

    static String noProjections(final FollowUpReport report) {
        return "No year-end projection for " + report.period().start().getYear() + ": nothing planned by week or"
                + " month that year, or the year is not projected any more.";
    }

    static String noKeyFigures() {
        return "No key figure for the period (key figures need the denominator: theatre hours, staffed beds, ...).";
    }

    static String about(final FollowUpReport report) {
        final String period = report.subject().level() == Level.ORGANISATION
                ? "/api/v1/public/approved/organisations/" + report.subject().id() + " when the period is approved,"
                  + " otherwise /api/v1/rollups?level=ORGANISATION&groupId=" + report.subject().id()
                : "/api/v1/rollups?level=REGION&groupId=" + report.subject().id();
        return "The period's figures are those of " + period + " for periodKind " + report.period().kind()
                + " and periodStart " + report.period().start() + "; the weeks those of /api/v1/rollups with periodKind"
                + " WEEK; the projections those of /api/v1/rollup-projections (status by the measure's threshold on"
                + " the projected deviation); the actions those of /api/v1/actions with the effect follow-up of"
                + " pks.action_effect; the key figures those of /api/v1/key-figures for the group region:"
                + report.subject().regionId() + ". Statuses, as on the public results page: ✔ on target,"
                + " ▲ somewhat off target, ✖ off target, – no status (no threshold for the measure)."
                + " See docs/reports.md.";
    }
}
