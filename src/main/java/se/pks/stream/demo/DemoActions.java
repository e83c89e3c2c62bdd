package se.pks.stream.demo;

import java.time.LocalDate;
import java.util.List;
import se.pks.stream.model.ActionStatus;
import se.pks.stream.storage.ActionTable.ActionFields;

/**
 * The demo region's action register: what the production manager of the largest hospital has done about its
 * deviations, so that the alerts-and-actions dashboard, the effect follow-up and the overdue-action alert have
 * something to show. Responsible parties are functions, never names, as in a real register.
 */
public final class DemoActions {

    /** The organisation, unit and fields of one demo action. */
    public record DemoAction(String organisationId, String unitId, ActionFields fields) {
    }

    public static final String CREATED_BY = "pm-sus";

    private DemoActions() {
    }

    /** Dates relative to the demo's last day, so the register looks the same whenever the demo is loaded. */
    public static List<DemoAction> of(final LocalDate lastDay) {
        final LocalDate done = lastDay.minusWeeks(12);
        return List.of(
                new DemoAction("org-sus", "sus-ort-mott", new ActionFields(
                        "Evening clinics for first visits", "First visits behind target since spring",
                        "first_visits", "INCREASE", "About 10 more first visits a week",
                        "verksamhetschef ortopedi", done, ActionStatus.DONE, done)),
                new DemoAction("org-sus", "sus-hud-mott", new ActionFields(
                        "Review the referral triage", "The waiting list grows week after week",
                        "waiting_count", "DECREASE", "A shorter list within two months",
                        "medicinskt ledningsansvarig hud", lastDay.minusWeeks(2), ActionStatus.PLANNED, null)),
                new DemoAction("org-sus", "sus-kir-avd", new ActionFields(
                        "Open four beds on the surgical ward", "Care days above the staffed capacity",
                        "staffed_beds", "INCREASE", "Four more staffed beds from next month",
                        "vårdenhetschef kirurgi", lastDay.plusWeeks(4), ActionStatus.IN_PROGRESS, null)));
    }
}
