package se.pks.stream.topology;

import java.time.LocalDate;

/** An amount of one component on one local day. */
public record Contribution(LocalDate day, Component component, long amount) {
}
