-- The emergency switch (平战切换) as evidence: who turned incident focus on or off, for
-- which region, when. Append-only like the events' history, so a replay reads the state at
-- any moment (the last switch at or before it) and nobody rewrites what was decided.
CREATE TABLE emergency_switches (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  region_id text COLLATE "C" NOT NULL REFERENCES regions (id),
  switched_on boolean NOT NULL,
  incident_id text COLLATE "C" REFERENCES events (id),
  note text,
  -- The person's display name then, and their stable key (user:<id>).
  actor text NOT NULL,
  actor_key text COLLATE "C" NOT NULL,
  -- The caller's idempotency key, unique among the caller's own switches.
  client_action_id text COLLATE "C" NOT NULL
);
CREATE UNIQUE INDEX emergency_switches_client ON emergency_switches (actor_key, client_action_id);
CREATE INDEX emergency_switches_region_at ON emergency_switches (region_id, at, id);
CREATE INDEX emergency_switches_at ON emergency_switches (at);

CREATE FUNCTION emergency_switches_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'emergency_switches is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER emergency_switches_append_only BEFORE UPDATE OR DELETE ON emergency_switches
  FOR EACH ROW EXECUTE FUNCTION emergency_switches_append_only();

-- Every switch tried is audited like an action on an event.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_kind_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_kind_check CHECK (kind IN ('signin', 'signin_failed',
  'signout', 'event_action', 'user_created', 'user_disabled', 'user_enabled', 'user_role_changed',
  'user_password_reset', 'session_revoked', 'device_paired', 'device_revoked', 'user_renamed',
  'token_created', 'token_revoked', 'emergency_switch'));
