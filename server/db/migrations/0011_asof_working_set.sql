-- A jump back in time (?asOf=) reads the events of the moment (events/asof.ts), not every
-- history row before it. Alive across a moment: reported before it and changed after it, a
-- stabbing query on this range (greatest: a range may not end before it starts, and no row
-- may fail to be indexed).
CREATE INDEX events_alive ON events USING gist (tstzrange(reported_at, greatest(reported_at, updated_at), '[]'));
-- Due in the day before the moment (the closure rate's orders).
CREATE INDEX events_due ON events (due_at);
