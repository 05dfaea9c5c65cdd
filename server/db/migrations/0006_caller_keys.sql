-- An idempotency key belongs to the caller who sent it. It was unique across every caller,
-- and looked up before the caller's scope was checked: a street that replayed another
-- caller's key was answered with that caller's event. Now the key is unique per caller
-- (actor_key: `token:<id>` for a token; a person's account later), and a replay is looked up
-- only after the event has passed the caller's scope.
ALTER TABLE event_history ADD COLUMN actor_key text COLLATE "C";
ALTER TABLE event_history DISABLE TRIGGER event_history_append_only;
-- Keys sent before this migration: their token, by its (never reused) name.
UPDATE event_history h SET actor_key = coalesce(
  (SELECT 'token:' || t.id FROM access_tokens t WHERE t.name = h.actor), h.actor)
  WHERE h.client_action_id IS NOT NULL;
ALTER TABLE event_history ENABLE TRIGGER event_history_append_only;
ALTER TABLE event_history DROP CONSTRAINT event_history_client_action_id_key;
ALTER TABLE event_history ADD CONSTRAINT event_history_client_key
  CHECK ((client_action_id IS NULL) = (actor_key IS NULL));
CREATE UNIQUE INDEX event_history_client_action ON event_history (actor_key, client_action_id)
  WHERE client_action_id IS NOT NULL;
