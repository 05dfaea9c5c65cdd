/** What the server needs of the demo world before it knows whether the demo is on: nothing but its seed. */
export { DEFAULT_SEED } from '../../mock-server/seed';
