package se.pks.stream.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A validated event from a care provider. Record equality is content equality, which is what tells a harmless
 * resend from a correction.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Visit.class, name = "VISIT"),
        @JsonSubTypes.Type(value = Operation.class, name = "OPERATION"),
        @JsonSubTypes.Type(value = BedCensus.class, name = "CENSUS"),
        @JsonSubTypes.Type(value = Discharge.class, name = "DISCHARGE"),
        @JsonSubTypes.Type(value = WaitingListChange.class, name = "WAITING_LIST"),
        @JsonSubTypes.Type(value = EventDeletion.class, name = "DELETION")
})
public sealed interface ProviderEvent
        permits Visit, Operation, BedCensus, Discharge, WaitingListChange, EventDeletion {

    EventHeader header();
}
