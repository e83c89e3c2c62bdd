package se.pks.stream.topology;

import java.util.ArrayList;
import java.util.List;
import se.pks.stream.model.Plan;
import se.pks.stream.model.PlanKind;

/** The plan rows of one figure, at most one per plan kind (target, forecasts). */
record PlanRows(List<Plan> plans) {

    static final PlanRows NONE = new PlanRows(List.of());

    PlanRows {
        plans = List.copyOf(plans);
    }

    Plan of(final PlanKind kind) {
        return plans.stream().filter(plan -> plan.planKind() == kind).findFirst().orElse(null);
    }

    PlanRows with(final Plan plan) {
        final List<Plan> rows = new ArrayList<>(without(plan.planKind()).plans());
        rows.add(plan);
        return new PlanRows(rows);
    }

    PlanRows without(final PlanKind kind) {
        return new PlanRows(plans.stream().filter(plan -> plan.planKind() != kind).toList());
    }

    boolean isEmpty() {
        return plans.isEmpty();
    }
}
