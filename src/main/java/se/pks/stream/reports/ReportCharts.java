package se.pks.stream.reports;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import se.pks.stream.reports.FollowUpReport.Series;
import se.pks.stream.reports.FollowUpReport.Week;
import se.pks.stream.storage.KeyFigureQueries.ComparisonRow;

/**
 * The report's charts, drawn by JFreeChart as PNG images (twice the printed size, for print): the period's weeks
 * as bars against the plan as a line, and the year's running sums against the plan's. The plan is a dashed line with
 * square markers and the actual solid bars or a line with round markers, so the two differ in shape as well as in
 * colour. A low-production week's label carries an asterisk. Each chart comes with a text alternative that says what
 * it shows and its totals; the HTML report has each chart's numbers in a table as well.
 */
final class ReportCharts {

    static final int WIDTH = 495;
    static final int HEIGHT = 210;
    private static final int SCALE = 2;
    private static final Color ACTUAL = new Color(0x1f, 0x5f, 0xa8);
    private static final Color PLAN = new Color(0x33, 0x33, 0x33);

    /** A chart as PNG bytes with its text alternative. */
    record Chart(byte[] png, String alt) {
    }

    private ReportCharts() {
    }

    /** The period's weeks: actual as bars, the plan or forecast as a line. */
    static Chart weekly(final Series series, final String periodTitle) {
        final DefaultCategoryDataset actual = new DefaultCategoryDataset();
        final DefaultCategoryDataset plan = new DefaultCategoryDataset();
        for (final Week week : series.weeks()) {
            actual.addValue(week.actual(), "actual", weekLabel(week));
            plan.addValue(week.expected(), planName(series), weekLabel(week));
        }
        final CategoryPlot plot = plot(actual, plan, "week");
        final BarRenderer bars = new BarRenderer();
        plot.setRenderer(0, bars);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);   // bars first, the plan's line over them
        final String title = ReportText.label(series.measure()) + " per week, " + periodTitle;
        final double sumActual = series.weeks().stream().mapToDouble(week -> value(week.actual())).sum();
        final double sumPlan = series.weeks().stream().mapToDouble(week -> value(week.expected())).sum();
        final long low = series.weeks().stream().filter(Week::lowProduction).count();
        final String alt = "Bar chart: " + ReportText.label(series.measure()).toLowerCase(Locale.ROOT)
                + " per week in " + periodTitle + ", actual as bars against the " + planName(series)
                + " as a line, " + series.weeks().size() + " weeks"
                + (series.weeks().isEmpty() ? "" : "; in all " + ReportText.number(series.measure(), sumActual)
                   + " against " + ReportText.number(series.measure(), sumPlan))
                + (low == 0 ? "" : "; " + low + " low-production weeks, marked with an asterisk") + ".";
        final JFreeChart chart = chart(title, plot);
        bars.setSeriesPaint(0, ACTUAL);
        bars.setMaximumBarWidth(0.08);
        return new Chart(png(chart), alt);
    }

    /** The year's running sums from its first week to the period's end: actual against plan. */
    static Chart cumulative(final Series series, final int year) {
        final DefaultCategoryDataset actual = new DefaultCategoryDataset();
        final DefaultCategoryDataset plan = new DefaultCategoryDataset();
        for (final Week week : series.cumulative()) {
            actual.addValue(week.actual(), "actual, cumulative", weekLabel(week));
            plan.addValue(week.expected(), planName(series) + ", cumulative", weekLabel(week));
        }
        final CategoryPlot plot = plot(actual, plan, "week");
        final LineAndShapeRenderer line = new LineAndShapeRenderer(true, true);
        plot.setRenderer(0, line);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);   // the actual's line over the plan's
        final Week last = series.cumulative().isEmpty() ? null : series.cumulative().getLast();
        final String title = ReportText.label(series.measure()) + " since 1 January " + year + ", cumulative";
        final String alt = "Line chart: " + ReportText.label(series.measure()).toLowerCase(Locale.ROOT)
                + " added up week by week since 1 January " + year + ", actual against the " + planName(series)
                + (last == null ? ", no weeks yet." : "; by the week of " + last.weekStart() + " "
                   + ReportText.number(series.measure(), last.actual()) + " against "
                   + ReportText.number(series.measure(), last.expected()) + ".");
        final JFreeChart chart = chart(title, plot);
        line.setSeriesPaint(0, ACTUAL);
        line.setSeriesStroke(0, new BasicStroke(2.5f));
        line.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        return new Chart(png(chart), alt);
    }

    /**
     * One key figure of the organisation's units as horizontal bars, with the region's lower quartile, median and
     * upper quartile as labelled vertical lines (solid for the median, dotted for the quartiles).
     */
    static Chart keyFigure(final String keyFigure, final List<ComparisonRow> rows) {
        return keyFigure(keyFigure, rows, "the organisation's units against the region's " + rows.getFirst().n()
                + " units", "region median");
    }

    /**
     * The same for any units of one group: {@code whose} says in the text alternative which units are drawn against
     * which group, {@code medianLabel} names the median's line.
     */
    static Chart keyFigure(final String keyFigure, final List<ComparisonRow> rows, final String whose,
                           final String medianLabel) {
        // shares in per cent, as the table beside the chart gives them
        final double scale = ReportText.isShare(keyFigure) ? 100 : 1;
        final DefaultCategoryDataset values = new DefaultCategoryDataset();
        rows.forEach(row -> values.addValue(scale * row.value(), "unit", row.unitName()));
        final CategoryAxis units = new CategoryAxis();
        final ComparisonRow first = rows.getFirst();
        final double highest = Math.max(first.q3(), rows.stream().mapToDouble(ComparisonRow::value).max()
                .orElse(0));
        final NumberAxis axis = new NumberAxis();
        // from 0, with room right of the highest value or upper quartile for the markers' labels
        axis.setRange(0, scale * (highest > 0 ? highest * 1.25 : 1));
        final BarRenderer bars = new BarRenderer();
        final CategoryPlot plot = new CategoryPlot(values, units, axis, bars);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setBackgroundPaint(Color.WHITE);
        final ComparisonRow group = first;
        marker(plot, scale * group.q1(), "lower quartile", true);
        marker(plot, scale * group.median(), medianLabel, false);
        marker(plot, scale * group.q3(), "upper quartile", true);
        final StringBuilder alt = new StringBuilder("Bar chart: " + ReportText.label(keyFigure)
                .toLowerCase(Locale.ROOT) + " of " + whose + ":");
        rows.forEach(row -> alt.append(' ').append(row.unitName()).append(' ')
                .append(ReportText.keyFigure(keyFigure, row.value())).append(" (rank ").append(row.rank())
                .append(" of ").append(row.n()).append(");"));
        alt.append(' ').append(medianLabel).append(' ').append(ReportText.keyFigure(keyFigure, group.median()))
                .append(", quartiles ")
                .append(ReportText.keyFigure(keyFigure, group.q1())).append(" to ")
                .append(ReportText.keyFigure(keyFigure, group.q3())).append('.');
        final String title = ReportText.label(keyFigure) + (scale == 100 ? " (%)" : "");
        final JFreeChart chart = new JFreeChart(title, ReportFonts.chart(true, 12), plot, false);
        theme().apply(chart);
        bars.setSeriesPaint(0, ACTUAL);
        bars.setMaximumBarWidth(0.25);
        return new Chart(png(chart, keyFigureHeight(rows.size())), alt.toString());
    }

    /** The printed height of a key-figure chart: room for the title, the axis and a bar per unit. */
    static int keyFigureHeight(final int units) {
        return 95 + 22 * units;
    }

    private static void marker(final CategoryPlot plot, final double value, final String label,
                               final boolean dotted) {
        final ValueMarker marker = new ValueMarker(value, PLAN, dotted
                ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f)
                : new BasicStroke(2f));
        marker.setLabel(label);
        marker.setLabelFont(ReportFonts.chart(false, 8));
        // lower quartile left of its line at the foot, median left of its line at the top, upper quartile right
        // of its line at the top: three labels that do not cover each other
        final boolean lower = label.startsWith("lower");
        final boolean upper = label.startsWith("upper");
        marker.setLabelAnchor(lower ? RectangleAnchor.BOTTOM_LEFT : upper ? RectangleAnchor.TOP_RIGHT
                : RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(lower ? TextAnchor.BOTTOM_RIGHT : upper ? TextAnchor.TOP_LEFT
                : TextAnchor.TOP_RIGHT);
        plot.addRangeMarker(marker);
    }

    private static CategoryPlot plot(final DefaultCategoryDataset actual, final DefaultCategoryDataset plan,
                                     final String axis) {
        final CategoryAxis weeks = new CategoryAxis(axis);
        weeks.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        final NumberAxis values = new NumberAxis();
        values.setAutoRangeIncludesZero(true);
        final CategoryPlot plot = new CategoryPlot(actual, weeks, values, null);
        plot.setDataset(1, plan);
        plot.setRenderer(1, new LineAndShapeRenderer(true, true));
        return plot;
    }

    /**
     * The chart with the report's fonts and white background, and the plan's dashed line with square markers. The
     * theme resets the renderers' colours, so the caller sets the actual's after this.
     */
    private static JFreeChart chart(final String title, final CategoryPlot plot) {
        final JFreeChart chart = new JFreeChart(title, ReportFonts.chart(true, 12), plot, true);
        theme().apply(chart);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        plot.setRangeGridlinePaint(new Color(0xbb, 0xbb, 0xbb));
        final LineAndShapeRenderer planLine = (LineAndShapeRenderer) plot.getRenderer(1);
        planLine.setSeriesPaint(0, PLAN);
        planLine.setSeriesStroke(0, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        planLine.setSeriesShape(0, new Rectangle2D.Double(-3, -3, 6, 6));
        return chart;
    }

    private static StandardChartTheme theme() {
        final StandardChartTheme theme = new StandardChartTheme("pks-report");
        theme.setExtraLargeFont(ReportFonts.chart(true, 12));
        theme.setLargeFont(ReportFonts.chart(false, 10));
        theme.setRegularFont(ReportFonts.chart(false, 9));
        theme.setSmallFont(ReportFonts.chart(false, 8));
        theme.setBarPainter(new StandardBarPainter());
        theme.setShadowVisible(false);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setChartBackgroundPaint(Color.WHITE);
        return theme;
    }

    private static byte[] png(final JFreeChart chart) {
        return png(chart, HEIGHT);
    }

    private static byte[] png(final JFreeChart chart, final int height) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ChartUtils.writeScaledChartAsPNG(out, chart, WIDTH, height, SCALE, SCALE);
            return out.toByteArray();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "w19" for ISO week 19; "w28*" for a low-production week. */
    static String weekLabel(final Week week) {
        final LocalDate day = week.weekStart();
        return "w" + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) + (week.lowProduction() ? "*" : "");
    }

    static String planName(final Series series) {
        return switch (series.planKind()) {
            case TARGET -> "target";
            case INFLOW_FORECAST -> "inflow forecast";
            case CAPACITY_FORECAST -> "capacity forecast";
            case WAITING_FORECAST -> "waiting forecast";
        };
    }

    private static double value(final Double value) {
        return value == null ? 0 : value;
    }
}
