package se.pks.stream.topology;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Partitions the follow-up inputs by provider as Kafka's default partitioner does (the key's hash), and sends a
 * {@link FollowUpInput.Tick} of the shared clock to every partition.
 */
final class ProviderPartitioner implements StreamPartitioner<String, FollowUpInput> {

    @Override
    public Optional<Set<Integer>> partitions(final String topic, final String key, final FollowUpInput value,
                                             final int numPartitions) {
        if (value instanceof FollowUpInput.Tick) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
        }
        // Empty: the producer's default partitioning by the key's hash, the same as before ticks existed.
        return Optional.empty();
    }
}
