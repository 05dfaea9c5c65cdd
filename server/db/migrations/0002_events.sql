-- Events, their append-only history, and the log the event stream is read from.
CREATE TABLE events (
  id text COLLATE "C" PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('12345', 'grid', 'ai-video', 'iot', 'network')),
  category text NOT NULL,
  title text NOT NULL,
  description text NOT NULL,
  severity smallint NOT NULL CHECK (severity BETWEEN 1 AND 4),
  status text NOT NULL CHECK (status IN ('reported', 'dispatched', 'handling', 'resolved', 'closed')),
  region_id text COLLATE "C" NOT NULL REFERENCES regions (id),
  community_id text COLLATE "C" REFERENCES regions (id),
  lng double precision NOT NULL,
  lat double precision NOT NULL,
  location geometry (Point, 4326) NOT NULL,
  reported_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  assignee_level text CHECK (assignee_level IN ('district', 'street', 'community')),
  assignee_region_id text COLLATE "C" REFERENCES regions (id),
  -- The street the assignee belongs to (null for the district): street scope in one column.
  assignee_street_id text COLLATE "C" REFERENCES regions (id),
  CHECK ((assignee_level IS NULL) = (assignee_region_id IS NULL))
);
CREATE INDEX events_updated ON events (updated_at DESC, id DESC);
CREATE INDEX events_region ON events (region_id);
CREATE INDEX events_community ON events (community_id);
CREATE INDEX events_assignee_street ON events (assignee_street_id);
CREATE INDEX events_open ON events (status) WHERE status <> 'closed';
CREATE INDEX events_reported ON events (reported_at);
CREATE INDEX events_location ON events USING gist (location);

-- Every report and action, with who did it and when. Rows are never changed or removed.
CREATE TABLE event_history (
  id bigserial PRIMARY KEY,
  event_id text COLLATE "C" NOT NULL REFERENCES events (id),
  at timestamptz NOT NULL,
  action text NOT NULL CHECK (action IN ('report', 'dispatch', 'claim', 'resolve', 'close', 'reopen', 'escalate')),
  actor text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  note text,
  -- The caller's idempotency key: a retried request finds its first answer here.
  client_action_id text COLLATE "C" UNIQUE
);
CREATE INDEX event_history_event ON event_history (event_id, id);

CREATE FUNCTION event_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'event_history is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER event_history_append_only BEFORE UPDATE OR DELETE ON event_history
  FOR EACH ROW EXECUTE FUNCTION event_history_append_only();

-- The stream: one entry per change, the event as it was published. Sequence numbers come
-- from stream_counter, taken as the last step of the writing transaction (see events/store.ts).
CREATE TABLE event_log (
  seq bigint PRIMARY KEY,
  event_id text COLLATE "C" NOT NULL REFERENCES events (id),
  -- The change this entry publishes (null for the seed's one entry per event).
  history_id bigint REFERENCES event_history (id),
  doc text NOT NULL,
  logged_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_log_history ON event_log (history_id);

CREATE TABLE stream_counter (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  seq bigint NOT NULL
);
INSERT INTO stream_counter (seq) VALUES (0);
