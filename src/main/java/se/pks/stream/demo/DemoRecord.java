package se.pks.stream.demo;

import java.time.Instant;

/**
 * One record of the demo region as a provider or the planning office would produce it. {@code json} is null for a
 * tombstone; {@code receivedAt} is when it was sent, and becomes the Kafka record timestamp so that late records
 * stay recognisably late.
 */
public record DemoRecord(String topic, String key, String json, Instant receivedAt) {
}
