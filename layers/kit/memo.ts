/**
 * deck.gl compares a layer's `data` by identity: a layer file that derives an array from
 * its input (a filter, a sort) must hand back the same array while the input and the
 * arguments are the same, or every rebuild would re-upload the data.
 */
export function keyed<S extends object, A extends unknown[], R>(
  derive: (source: S, ...args: A) => R,
): (source: S, ...args: A) => R {
  const last = new WeakMap<S, { args: A; value: R }>();
  return (source, ...args) => {
    const hit = last.get(source);
    if (hit && hit.args.length === args.length && hit.args.every((a, i) => Object.is(a, args[i])))
      return hit.value;
    const value = derive(source, ...args);
    last.set(source, { args, value });
    return value;
  };
}
