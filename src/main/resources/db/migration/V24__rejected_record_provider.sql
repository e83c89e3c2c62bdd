-- Providers bound to their own Kafka topics (issue 19 item 4, kafka/providers.md): a rejection of a record read from
-- a provider's own topic (pks.provider.<providerId>.<kind>.v1) belongs to that provider, since only its principal may
-- write there. The sink fills provider_id from the topic's name; it stays NULL for the shared topics, where a record's
-- providerId is only a claim. The provider reads its rows through GET /api/v1/providers/{providerId}/rejections.
ALTER TABLE pks.rejected_record ADD COLUMN provider_id text;

-- A provider's rejections, newest first, without reading anyone else's.
CREATE INDEX rejected_record_by_provider ON pks.rejected_record (provider_id, received_at DESC)
    WHERE provider_id IS NOT NULL;
