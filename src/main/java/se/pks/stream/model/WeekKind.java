package se.pks.stream.model;

/** Whether a week is planned as a normal week or a low-production week (summer, Christmas, Easter, school holidays). */
public enum WeekKind {
    NORMAL,
    LOW_PRODUCTION
}
