package se.pks.stream.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import se.pks.stream.analysis.ActionEffect;
import se.pks.stream.model.ActionStatus;
import se.pks.stream.storage.ActionTable;
import se.pks.stream.storage.ActionTable.ActionRow;

/**
 * One action as the API shows it: its fields, why it was taken (links to alerts and deviations), every status it has
 * had, and, once it is DONE and concerns one unit, the effect follow-up on its measure (null otherwise). The nested
 * records are the public JSON; they copy the stored rows so that a column rename does not change the answers.
 */
public record ActionDetails(@JsonUnwrapped Action action, List<Link> links, List<StatusChange> history,
                            ActionEffect effect) {

    static ActionDetails of(final ActionRow action, final List<ActionTable.Link> links,
                            final List<ActionTable.StatusChange> history, final ActionEffect effect) {
        return new ActionDetails(Action.of(action), links.stream().map(Link::of).toList(),
                history.stream().map(StatusChange::of).toList(), effect);
    }

    /** {@code overdue} is judged against the region's date when the action was read. */
    public record Action(long actionId, String title, String description, String organisationId, String unitId,
                         String measure, String expectedDirection, String expectedEffect, String responsible,
                         LocalDate deadline, ActionStatus status, LocalDate doneOn, boolean overdue,
                         String createdBy, OffsetDateTime createdAt, OffsetDateTime updatedAt, int version) {
        static Action of(final ActionRow row) {
            return new Action(row.actionId(), row.title(), row.description(), row.organisationId(), row.unitId(),
                    row.measure(), row.expectedDirection(), row.expectedEffect(), row.responsible(), row.deadline(),
                    row.status(), row.doneOn(), row.overdue(), row.createdBy(), row.createdAt(), row.updatedAt(),
                    row.version());
        }
    }

    /** Why an action was taken: an alert ({@code alertId}), or one deviation (unit, measure, granularity, period). */
    public record Link(Long linkId, Long alertId, String unitId, String measure, String granularity,
                       LocalDate periodStart, String createdBy, OffsetDateTime createdAt) {
        static Link of(final ActionTable.Link row) {
            return new Link(row.linkId(), row.alertId(), row.unitId(), row.measure(), row.granularity(),
                    row.periodStart(), row.createdBy(), row.createdAt());
        }
    }

    public record StatusChange(int version, ActionStatus status, LocalDate doneOn, String changedBy,
                               OffsetDateTime changedAt) {
        static StatusChange of(final ActionTable.StatusChange row) {
            return new StatusChange(row.version(), row.status(), row.doneOn(), row.changedBy(), row.changedAt());
        }
    }
}
