/** A user's feature: an id and a name (made up when the file has none) and flat values. */
import { z } from 'zod';

export const UserProps = z
  .object({ id: z.string(), name: z.string() })
  .catchall(z.union([z.string(), z.number(), z.boolean(), z.null()]));
