/**
 * GET /audit in the demo: the in-browser mock keeps no audit log and has no administrator,
 * so it answers as the server answers everyone but an administrator (401 anonymous, 403 a token).
 */
import { forbidden, HttpError } from '@ioc/contract/http';
import type { Handler } from '../context';

export const getAudit: Handler = ({ caller }) => {
  if (caller.by === 'anonymous')
    throw new HttpError(401, 'unauthorized', 'the audit log needs an administrator signed in');
  throw forbidden('the audit log is for administrators');
};
