package se.pks.stream.reliability;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import se.pks.stream.topics.Topics;

/**
 * Which service instance holds how many event-topic partitions in Kafka Streams' consumer group, as the broker sees
 * it. Members are told apart by client id, which starts with the instance name ({@code kafka-streams.client.id}).
 * Standby tasks hold no partitions, so they do not show here.
 */
record GroupAssignment(Map<String, Integer> eventPartitionsByInstance, int members) {

    static final int EVENT_PARTITIONS = Topics.EVENT_TOPICS.size() * Cluster.PARTITIONS;

    static GroupAssignment of(final Admin admin, final String group, final List<String> instances) throws Exception {
        final ConsumerGroupDescription description = describe(admin, group);
        if (description == null) {
            return new GroupAssignment(Map.of(), 0);
        }
        final Map<String, Integer> partitions = new TreeMap<>();
        for (final MemberDescription member : description.members()) {
            final String instance = instances.stream().filter(name -> member.clientId().startsWith(name + "-"))
                    .findFirst().orElse(member.clientId());
            final int events = (int) member.assignment().topicPartitions().stream()
                    .filter(partition -> Topics.FEEDS.containsKey(partition.topic())).count();
            partitions.merge(instance, events, Integer::sum);
        }
        return new GroupAssignment(partitions, description.members().size());
    }

    /** Members of a plain consumer group that hold at least one partition. */
    static int membersHoldingPartitions(final Admin admin, final String group) throws Exception {
        final ConsumerGroupDescription description = describe(admin, group);
        return description == null ? 0 : (int) description.members().stream()
                .filter(member -> !member.assignment().topicPartitions().isEmpty()).count();
    }

    /** Null until the first member has joined: the broker does not know the group before. */
    private static ConsumerGroupDescription describe(final Admin admin, final String group) throws Exception {
        try {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return null;
            }
            throw e;
        }
    }

    /** Every listed instance holds event partitions, and together they hold all of them. */
    boolean sharedBy(final List<String> instances) {
        return members == instances.size()
                && instances.stream().allMatch(name -> eventPartitionsByInstance.getOrDefault(name, 0) > 0)
                && eventPartitionsByInstance.values().stream().mapToInt(Integer::intValue).sum() == EVENT_PARTITIONS;
    }

    @Override
    public String toString() {
        return members + " members, event partitions " + eventPartitionsByInstance;
    }
}
