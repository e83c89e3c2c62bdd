package se.pks.stream.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import se.pks.stream.analysis.ExpectedDirection;
import se.pks.stream.model.ActionStatus;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.Measure;
import se.pks.stream.storage.ActionTable;
import se.pks.stream.storage.ActionTable.ActionFields;
import se.pks.stream.storage.ActionTable.ActionRow;
import se.pks.stream.storage.ActionTable.Link;
import se.pks.stream.storage.UnitOrganisations;
import se.pks.stream.topics.JsonSerde;

/**
 * Reads and checks the bodies of the action register's requests: an action's fields, the organisation of a new
 * action, and links to alerts and deviations. Every mistake is gathered in {@link BodyFields}, so one 400 names them
 * all; the lengths match the limits of {@code pks.action}.
 */
@ApplicationScoped
class ActionRequests {

    static final int MAX_ID = 200;
    private static final int MAX_TITLE = 200;
    private static final int MAX_DESCRIPTION = 4000;
    private static final int MAX_EXPECTED_EFFECT = 1000;
    private static final int MAX_RESPONSIBLE = 200;

    @Inject
    UnitOrganisations organisations;

    @Inject
    ActionTable actions;

    /**
     * The fields every action has, checked together so that one answer names every mistake. {@code current} is null
     * for a new action; for an existing one, DONE keeps its {@code doneOn} unless the request gives another.
     */
    ActionFields fields(final BodyFields fields, final ActionRow current, final LocalDate today) {
        final String title = fields.text("title", true, MAX_TITLE);
        final String description = orEmpty(fields.text("description", false, MAX_DESCRIPTION));
        final String measure = fields.text("measure", true, MAX_ID);
        if (measure != null && Measure.byId(measure).isEmpty()) {
            fields.error("measure", "unknown measure '" + measure + "'");
        }
        final ExpectedDirection direction = fields.enumValue("expectedDirection", true, ExpectedDirection.class);
        final String expectedEffect = orEmpty(fields.text("expectedEffect", false, MAX_EXPECTED_EFFECT));
        final String responsible = fields.text("responsible", true, MAX_RESPONSIBLE);
        final LocalDate deadline = fields.date("deadline", true);
        final ActionStatus given = fields.enumValue("status", current != null, ActionStatus.class);
        final ActionStatus status = given == null && current == null ? ActionStatus.PLANNED : given;
        LocalDate doneOn = fields.date("doneOn", false);
        if (status == ActionStatus.DONE) {
            if (doneOn == null) {
                doneOn = current != null && current.doneOn() != null ? current.doneOn() : today;
            }
            if (doneOn.isAfter(today)) {
                fields.error("doneOn", "must not be in the future, was " + doneOn);
            }
        } else if (doneOn != null) {
            fields.error("doneOn", "only a DONE action has a doneOn date");
            doneOn = null;
        }
        return new ActionFields(title, description, measure, direction == null ? null : direction.name(),
                expectedEffect, responsible, deadline, status, doneOn);
    }

    String organisationOfNewAction(final BodyFields fields, final String unitId) {
        final String organisationId = fields.text("organisationId", false, MAX_ID);
        if (unitId != null) {
            final String ofUnit = organisations.organisationOf(unitId).orElse(null);
            if (ofUnit == null) {
                return fields.error("unitId", "unknown unit '" + unitId + "'");
            }
            if (organisationId != null && !organisationId.equals(ofUnit)) {
                return fields.error("organisationId", "unit '" + unitId + "' belongs to organisation '" + ofUnit
                        + "', not '" + organisationId + "'");
            }
            return ofUnit;
        }
        if (organisationId == null) {
            return fields.error("organisationId", "is required when no unitId is given");
        }
        if (!organisations.organisationExists(organisationId)) {
            return fields.error("organisationId", "unknown organisation '" + organisationId + "'");
        }
        return organisationId;
    }

    Link alertLink(final BodyFields fields, final ActionRow action) {
        final Long alertId = fields.wholeNumber("alertId", true);
        if (alertId != null) {
            final String organisation = actions.alertOrganisation(alertId).orElse(null);
            if (organisation == null) {
                fields.error("alertId", "unknown alert " + alertId);
            } else if (!action.organisationId().equals(organisation)) {
                fields.error("alertId", "alert " + alertId + " is of organisation '" + organisation
                        + "', not of the action's organisation '" + action.organisationId() + "'");
            }
        }
        return new Link(null, alertId, null, null, null, null, null, null);
    }

    Link deviationLink(final BodyFields fields, final ActionRow action) {
        final String unitId = fields.text("unitId", true, MAX_ID);
        final String measure = fields.text("measure", true, MAX_ID);
        final Granularity granularity = fields.enumValue("granularity", true, Granularity.class);
        final LocalDate periodStart = fields.date("periodStart", true);
        if (unitId != null && !action.organisationId().equals(organisations.organisationOf(unitId).orElse(null))) {
            fields.error("unitId", "'" + unitId + "' is not a unit of the action's organisation '"
                    + action.organisationId() + "'");
        }
        if (measure != null && Measure.byId(measure).isEmpty()) {
            fields.error("measure", "unknown measure '" + measure + "'");
        }
        if (granularity != null && periodStart != null && !startsPeriod(granularity, periodStart)) {
            fields.error("periodStart", "must be the first day of the " + granularity.name().toLowerCase()
                    + " (a Monday for WEEK, the 1st for MONTH), was " + periodStart);
        }
        return new Link(null, null, unitId, measure, granularity == null ? null : granularity.name(), periodStart,
                null, null);
    }

    private static boolean startsPeriod(final Granularity granularity, final LocalDate date) {
        return switch (granularity) {
            case WEEK -> date.getDayOfWeek() == DayOfWeek.MONDAY;
            case MONTH -> date.getDayOfMonth() == 1;
        };
    }

    /** The action's fields as a request body would give them: the base a merge patch is applied to. */
    static ObjectNode asJson(final ActionRow action) {
        final ObjectNode json = JsonSerde.MAPPER.createObjectNode();
        json.put("title", action.title());
        json.put("description", action.description());
        json.put("organisationId", action.organisationId());
        if (action.unitId() != null) {
            json.put("unitId", action.unitId());
        }
        json.put("measure", action.measure());
        json.put("expectedDirection", action.expectedDirection());
        json.put("expectedEffect", action.expectedEffect());
        json.put("responsible", action.responsible());
        json.put("deadline", action.deadline().toString());
        json.put("status", action.status().name());
        if (action.doneOn() != null) {
            json.put("doneOn", action.doneOn().toString());
        }
        return json;
    }

    /** Organisation and unit are fixed at creation: a request may repeat them, not change them. */
    static void unchanged(final BodyFields fields, final String name, final String current) {
        if (fields.has(name)) {
            final String given = fields.text(name, false, MAX_ID);
            if (given != null && !given.equals(current)) {
                fields.error(name, "cannot be changed; create a new action instead");
            }
        }
    }

    private static String orEmpty(final String text) {
        return text == null ? "" : text;
    }
}
