/**
 * Imported first by main.tsx and by the contract (whose chunk may run before main's own
 * imports once the build splits code), before any module can parse with zod: the
 * Content-Security-Policy forbids eval, so zod must not probe for it (the probe is reported
 * as a policy violation) and validates without compiled fast paths.
 */
import { z } from 'zod';

z.config({ jitless: true });
