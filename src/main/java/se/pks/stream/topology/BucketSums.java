package se.pks.stream.topology;

import java.util.Map;
import java.util.TreeMap;

/** The running sums of components for one unit and period. A component once seen stays, even when back at 0. */
public record BucketSums(Map<Component, Long> sums) {

    public static BucketSums empty() {
        return new BucketSums(new TreeMap<>());
    }

    public BucketSums plus(final Component component, final long amount) {
        final Map<Component, Long> copy = new TreeMap<>(sums);
        copy.merge(component, amount, Long::sum);
        return new BucketSums(copy);
    }

    /** Adds every component of {@code other}; null adds nothing. */
    public BucketSums plusAll(final BucketSums other) {
        if (other == null) {
            return this;
        }
        final Map<Component, Long> copy = new TreeMap<>(sums);
        other.sums.forEach((component, amount) -> copy.merge(component, amount, Long::sum));
        return new BucketSums(copy);
    }

    boolean has(final Component component) {
        return sums.containsKey(component);
    }

    long get(final Component component) {
        return sums.getOrDefault(component, 0L);
    }
}
