/**
 * The geometry worker: fetches a layer's features, parses a large answer and packs its
 * heavy geometries, and simplifies a packed geometry for a zoom band, off the page's
 * thread (./geometryWork.ts). The page asks through ./geometryWorker.ts.
 */
import { type GeometryRequest, reply } from './geometryWork';

const scope = self as unknown as {
  addEventListener(type: 'message', f: (e: MessageEvent<GeometryRequest>) => void): void;
  postMessage(answer: unknown, transfer?: Transferable[]): void;
};

scope.addEventListener('message', async (e) => {
  const out = await reply(e.data);
  if (out) scope.postMessage(out.reply, out.transfer);
});
