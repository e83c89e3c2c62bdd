package se.pks.stream.topology;

import se.pks.stream.model.Deviation;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.MeasureValue;

/** What the follow-up processor publishes, each to its own topic; a null value is a tombstone. */
sealed interface FollowUpOutput {

    record FigureUpdate(MeasureValue value) implements FollowUpOutput {
    }

    record DeviationUpdate(Deviation value) implements FollowUpOutput {
    }

    /** {@code boundProvider}: the row's provider sends to topics of its own and reads its rows there too. */
    record FeedQualityUpdate(FeedQuality value, boolean boundProvider) implements FollowUpOutput {
    }
}
