package se.pks.stream.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import se.pks.stream.analysis.ActionEffect;
import se.pks.stream.storage.ActionTable.ActionRow;
import se.pks.stream.storage.ActionTable.Link;
import se.pks.stream.storage.ActionTable.StatusChange;

/**
 * One action as the API shows it: its fields, why it was taken (links to alerts and deviations), every status it has
 * had, and, once it is DONE and concerns one unit, the effect follow-up on its measure (null otherwise).
 */
public record ActionDetails(@JsonUnwrapped ActionRow action, List<Link> links, List<StatusChange> history,
                            ActionEffect effect) {
}
