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

    /** Adds net amounts per component; a component with 0 is added too, since a component once seen stays. */
    public BucketSums plusAll(final Map<Component, Long> amounts) {
        final Map<Component, Long> copy = new TreeMap<>(sums);
        amounts.forEach((component, amount) -> copy.merge(component, amount, Long::sum));
        return new BucketSums(copy);
    }

    /** Whether adding {@code amounts} would leave these sums as they are: only zeros, all for known components. */
    boolean unchangedBy(final Map<Component, Long> amounts) {
        for (final Map.Entry<Component, Long> amount : amounts.entrySet()) {
            if (amount.getValue() != 0 || !sums.containsKey(amount.getKey())) {
                return false;
            }
        }
        return true;
    }

    boolean has(final Component component) {
        return sums.containsKey(component);
    }

    long get(final Component component) {
        return sums.getOrDefault(component, 0L);
    }
}
