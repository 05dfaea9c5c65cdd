-- People beside machines: accounts that sign in with a password and hold a session cookie,
-- their sessions, the failed sign-ins that throttle guessing, and an append-only audit log.
-- Which region a role may have is checked by the server (packages/domain/src/people.ts):
-- admin and district at the district; street at a street; community at a community;
-- planner and wall (read-only) at any region.

-- Logins are ASCII (letters, digits, . _ - @), unique without regard to case; display names
-- are any text. password_hash is Argon2id in PHC form, never the password; an account
-- without one cannot sign in with a password (single sign-on, later).
CREATE TABLE users (
  id text COLLATE "C" PRIMARY KEY,
  login text COLLATE "C" NOT NULL CHECK (login ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  role text NOT NULL CHECK (role IN ('admin', 'district', 'street', 'community', 'planner', 'wall')),
  region_id text COLLATE "C" NOT NULL REFERENCES regions (id),
  password_hash text CHECK (password_hash LIKE '$argon2id$%'),
  disabled_at timestamptz,
  -- Seeded demo accounts (public password): they sign in only while the demo is on.
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_login ON users (lower(login));

-- Sessions: the cookie holds a random secret; only its SHA-256 is stored. `id` is a public
-- handle (lists, revocation), never the cookie. Idle expiry is last_seen_at plus the
-- configured idle time; expires_at is the absolute end.
CREATE TABLE sessions (
  id text COLLATE "C" PRIMARY KEY,
  secret_sha256 text COLLATE "C" NOT NULL UNIQUE CHECK (secret_sha256 ~ '^[0-9a-f]{64}$'),
  user_id text COLLATE "C" NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  address text,
  user_agent text
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Failed sign-ins in the last minutes, by login (known or not, so a refusal reveals nothing)
-- and by source address: shared by every instance. Not evidence (the audit log is): old
-- rows are deleted as new attempts arrive, and a successful sign-in clears its login's rows.
CREATE TABLE signin_failures (
  id bigserial PRIMARY KEY,
  login_key text COLLATE "C" NOT NULL,
  address text COLLATE "C" NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX signin_failures_login ON signin_failures (login_key, at);
CREATE INDEX signin_failures_address ON signin_failures (address, at);
CREATE INDEX signin_failures_at ON signin_failures (at);

-- Who did what, from where, when: sign-ins (never the password), sign-outs, every action on
-- an event, and administrative changes. Rows are never changed or removed.
CREATE TABLE audit_log (
  id text COLLATE "C" PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  kind text NOT NULL CHECK (kind IN ('signin', 'signin_failed', 'signout', 'event_action', 'user_created',
    'user_disabled', 'user_enabled', 'user_role_changed', 'user_password_reset', 'session_revoked')),
  -- The caller's stable key (user:<id>, token:<id>, cli:<os user>); null for an unknown login.
  actor_key text COLLATE "C",
  actor_user_id text COLLATE "C",
  -- The name at the time (display name, token name, the command line's user, the login tried).
  actor_name text NOT NULL,
  actor_role text,
  address text,
  user_agent text,
  event_id text COLLATE "C",
  action text,
  -- The account an administrative change or a sign-in is about.
  target_user_id text COLLATE "C",
  -- ok, or what refused it (an error code: unauthorized, forbidden, conflict, too_many_requests…).
  result text NOT NULL,
  detail json
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, at DESC, id DESC) WHERE actor_user_id IS NOT NULL;
CREATE INDEX audit_log_target ON audit_log (target_user_id, at DESC, id DESC) WHERE target_user_id IS NOT NULL;

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- The history names the account, not only a display name: a person's actor_key is
-- user:<id>, and the database fills actor_user_id from it on every insert (deferred check,
-- so a restore may load history before accounts in one transaction).
ALTER TABLE event_history ADD COLUMN actor_user_id text COLLATE "C"
  REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX event_history_actor_user ON event_history (actor_user_id) WHERE actor_user_id IS NOT NULL;

CREATE FUNCTION event_history_actor_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.actor_user_id IS NULL AND NEW.actor_key LIKE 'user:%' THEN
    NEW.actor_user_id := substr(NEW.actor_key, 6);
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER event_history_actor_user BEFORE INSERT ON event_history
  FOR EACH ROW EXECUTE FUNCTION event_history_actor_user();
