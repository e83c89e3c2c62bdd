package se.pks.stream.alerts;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Why a waiting list grows: it moves only by its flows, referrals in and care given out (a few entries also leave
 * cancelled or transferred). A list above its forecast is a sum of two random walks, the referrals' deviation from
 * their forecast and the removals' deviation from their plan; its own distance from the forecast carries the noise
 * of both. When only one flow is off, that flow on its own tells the growth from chance sooner: the standard error
 * of a clinic's first visits over 26 weeks leaves out the referrals' noise. So a list materially above its forecast
 * is a sustained problem also when one of its flows is beyond the threshold in the direction that fills the list:
 * the care that removes from it (first visits for a first-visit list, operations for a treatment list) short of
 * plan, or its referrals above forecast. Each flow is judged over the list's own window, up to a year (the list
 * holds what its flows brought over that time), by the same test as any count ({@link StatusCondition#sigmas}): its
 * summed deviation against its standard error, at least the Poisson spread of its plan. So on a unit at plan each
 * flow adds the false-alarm rate of one more count, no more.
 */
final class WaitingListFlows {

    private static final String LIST = "waiting_count";

    /** unit|measure|week -> the flow's long-window standard errors, signed like its deviation. */
    private final Map<String, Double> sigmas = new HashMap<>();

    /** Records a count's judgement over up to a year; a list's flows must be recorded before the list is judged. */
    void record(final String unit, final String measure, final LocalDate week, final Double countSigmas) {
        if (countSigmas != null) {
            sigmas.put(unit + "|" + measure + "|" + week, countSigmas);
        }
    }

    /** True for the waiting-list measures judged by their flows: waiting_count and its per-guarantee variants. */
    static boolean isList(final String measure) {
        return measure.equals(LIST) || measure.equals(LIST + "_first_visit") || measure.equals(LIST + "_treatment");
    }

    /**
     * The flow that confirms the list's growth in the week, as a phrase for the summary, or null: removals short of
     * plan by more than {@code limit} standard errors, else referrals above forecast by more.
     */
    String confirming(final String unit, final String list, final LocalDate week, final double limit) {
        final String suffix = list.substring(LIST.length());
        final String removals = switch (suffix) {
            case "_first_visit" -> "first_visits";
            case "_treatment" -> "operations";
            // a unit's one list is its clinic's first-visit list, else its theatre's treatment list
            default -> sigmas.containsKey(unit + "|first_visits|" + week) ? "first_visits" : "operations";
        };
        final Double care = sigmas.get(unit + "|" + removals + "|" + week);
        if (care != null && care < -limit) {
            return phrase("its removals (" + removals + ") short of plan", care);
        }
        final Double referrals = sigmas.get(unit + "|referrals_in" + suffix + "|" + week);
        if (referrals != null && referrals > limit) {
            return phrase("its referrals above forecast", referrals);
        }
        return null;
    }

    private static String phrase(final String flow, final double flowSigmas) {
        return flow + " by " + String.format(Locale.ROOT, "%.1f", Math.abs(flowSigmas))
                + " standard deviations of its weekly noise";
    }
}
