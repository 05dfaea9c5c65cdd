/** The demo city's seed: the same seed gives the same city, in the browser, the Node mock and the server. */
export const DEFAULT_SEED = 20261122;
