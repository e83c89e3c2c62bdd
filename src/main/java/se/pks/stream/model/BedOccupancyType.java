package se.pks.stream.model;

public enum BedOccupancyType {
    CENSUS, DISCHARGE
}
