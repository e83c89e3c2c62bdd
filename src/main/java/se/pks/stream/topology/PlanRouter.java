package se.pks.stream.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import se.pks.stream.ingest.UnitRegister;
import se.pks.stream.model.CareUnit;
import se.pks.stream.model.Plan;

/**
 * Sends each accepted plan row to the task of its unit's provider, where the unit's figures are. A deletion finds
 * the provider through the unit named in its key. A deletion for a unit no longer in the register has no provider to
 * go to; it goes under the key "?", where no plan row of that unit is kept, so it changes nothing.
 */
final class PlanRouter implements Processor<String, Plan, String, FollowUpInput> {

    private ProcessorContext<String, FollowUpInput> context;
    private UnitRegister units;

    @Override
    public void init(final ProcessorContext<String, FollowUpInput> context) {
        this.context = context;
        this.units = UnitLookup.from(context);
    }

    @Override
    public void process(final Record<String, Plan> record) {
        final String unitId = record.value() != null ? record.value().unitId()
                : record.key().substring(0, Math.max(0, record.key().indexOf('|')));
        final CareUnit unit = units.find(unitId);
        final String provider = unit == null ? RecordOrigin.UNKNOWN : unit.providerId();
        context.forward(record.withKey(provider).withValue(new FollowUpInput.PlanChange(record.key(),
                record.value())));
    }
}
