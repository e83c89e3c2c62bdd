package se.pks.stream.model;

/** What a plan row promises: a production target or a forecast of capacity, inflow or waiting. */
public enum PlanKind {
    TARGET,
    CAPACITY_FORECAST,
    INFLOW_FORECAST,
    WAITING_FORECAST
}
