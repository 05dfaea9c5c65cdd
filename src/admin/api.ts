/**
 * The administration API (GET/POST /users, PATCH /users/{id}, /sessions, /devices, /tokens,
 * /audit) through the app's client: every answer validated against the contract, every
 * list a cached query that a change marks stale. Changes are not retried: an administrator
 * sees the refusal and decides.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type AuditKind,
  AuditPage,
  DeviceList,
  MachineTokenList,
  SessionList,
  UserList,
} from '@ioc/contract/contract';
import { type BodyOf, ROUTES } from '@ioc/contract/routes';
import { useApi } from '../api/context';

/** Lists are read again this often while the page is open: sessions come and go. */
const REFRESH_MS = 30_000;

const list = <S extends z.ZodType>(key: string, path: string, schema: S) =>
  function useList() {
    const { client } = useApi();
    return useQuery({
      queryKey: ['admin', key],
      queryFn: ({ signal }) => client.get(path, schema, undefined, signal),
      refetchInterval: REFRESH_MS,
    });
  };

export const useUsers = list('users', '/users', UserList);
export const useSessions = list('sessions', '/sessions', SessionList);
export const useDevices = list('devices', '/devices', DeviceList);
export const useTokens = list('tokens', '/tokens', MachineTokenList);

/** GET /audit, a page at a time from the cursor on, filtered by kind. */
export function useAuditPage(kind: AuditKind | null, cursor: string | null) {
  const { client } = useApi();
  return useQuery({
    queryKey: ['admin', 'audit', kind, cursor],
    queryFn: ({ signal }) => client.get('/audit', AuditPage, { kind, cursor, limit: 50 }, signal),
  });
}

/** A change, after which every administration list (and the audit log) is read again. */
function useChange<V, R>(run: (vars: V) => Promise<R>) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: run,
    retry: false,
    onSettled: () => queries.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export function useCreateUser() {
  const { client } = useApi();
  return useChange((u: BodyOf<'createUser'>) => client.post('/users', u, ROUTES.createUser.response));
}

export function useChangeUser() {
  const { client } = useApi();
  return useChange(({ id, change }: { id: string; change: BodyOf<'changeUser'> }) =>
    client.change('PATCH', `/users/${encodeURIComponent(id)}`, change, ROUTES.changeUser.response),
  );
}

export function useEndSession() {
  const { client } = useApi();
  return useChange((id: string) =>
    client.change('DELETE', `/sessions/${encodeURIComponent(id)}`, undefined, z.undefined()),
  );
}

export function useApproveDevice() {
  const { client } = useApi();
  return useChange((a: BodyOf<'approveDevice'>) =>
    client.post('/devices/approve', a, ROUTES.approveDevice.response),
  );
}

export function useRevokeDevice() {
  const { client } = useApi();
  return useChange((id: string) =>
    client.change('DELETE', `/devices/${encodeURIComponent(id)}`, undefined, z.undefined()),
  );
}

export function useCreateToken() {
  const { client } = useApi();
  return useChange((t: BodyOf<'createToken'>) => client.post('/tokens', t, ROUTES.createToken.response));
}

export function useRevokeToken() {
  const { client } = useApi();
  return useChange((id: string) =>
    client.change('DELETE', `/tokens/${encodeURIComponent(id)}`, undefined, z.undefined()),
  );
}
