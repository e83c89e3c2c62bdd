package se.pks.stream.analysis;

/** Which way a special cause points, before the measure's direction says whether that is good or bad. */
enum Movement {
    NONE,
    UP,
    DOWN
}
