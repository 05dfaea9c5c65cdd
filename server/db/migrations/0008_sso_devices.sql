-- Single sign-on and the walls' devices.

-- An account signed in through the OpenID provider is bound to its subject (issuer and
-- `sub`), never again to whoever later holds the same login there.
ALTER TABLE users ADD COLUMN oidc_subject text COLLATE "C";
CREATE UNIQUE INDEX users_oidc_subject ON users (oidc_subject) WHERE oidc_subject IS NOT NULL;

-- A device (a wall's screen) is an account without a password whose session an
-- administrator approved: read-only (role wall), and it does not idle out.
ALTER TABLE users ADD COLUMN device boolean NOT NULL DEFAULT false;

-- A screen asking to be paired: the code a person reads off it (and types in to approve),
-- and the handle only the screen holds (its SHA-256 alone is stored) to collect its
-- session once. Rows are deleted a day after they expire.
CREATE TABLE device_pairings (
  id text COLLATE "C" PRIMARY KEY,
  handle_sha256 text COLLATE "C" NOT NULL UNIQUE CHECK (handle_sha256 ~ '^[0-9a-f]{64}$'),
  code text COLLATE "C" NOT NULL CHECK (code ~ '^[A-Z0-9]{6}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  address text,
  user_agent text,
  device_id text COLLATE "C" REFERENCES users (id),
  approved_at timestamptz,
  claimed_at timestamptz
);
CREATE INDEX device_pairings_code ON device_pairings (code, expires_at);

ALTER TABLE audit_log DROP CONSTRAINT audit_log_kind_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_kind_check CHECK (kind IN ('signin', 'signin_failed',
  'signout', 'event_action', 'user_created', 'user_disabled', 'user_enabled', 'user_role_changed',
  'user_password_reset', 'session_revoked', 'device_paired', 'device_revoked'));
