package se.pks.stream.topics;

/** Where the broker stored a record the API wrote: proof that the write is durable, and where to find it. */
public record WriteReceipt(String topic, String key, int partition, long offset) {
}
