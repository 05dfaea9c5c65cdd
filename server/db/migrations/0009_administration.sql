-- Administration in the app: renaming an account and creating or revoking a machine token
-- are administrative changes, audited like the others.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_kind_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_kind_check CHECK (kind IN ('signin', 'signin_failed',
  'signout', 'event_action', 'user_created', 'user_disabled', 'user_enabled', 'user_role_changed',
  'user_password_reset', 'session_revoked', 'device_paired', 'device_revoked', 'user_renamed',
  'token_created', 'token_revoked'));
