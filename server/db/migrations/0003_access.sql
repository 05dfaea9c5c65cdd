-- Callers: bearer tokens stored as SHA-256 hashes, each bound to a role and a region.
CREATE TABLE access_tokens (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL UNIQUE,
  token_sha256 text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  role text NOT NULL CHECK (role IN ('district', 'street', 'community')),
  region_id text COLLATE "C" NOT NULL REFERENCES regions (id),
  -- Seeded demo tokens (district-demo, street-<id>): public names, never for production.
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
