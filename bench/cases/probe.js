// Injected before the app (page.addInitScript): timestamps each event's arrival on the SSE
// stream and the moment a row for it first appears in the page. Measures the real app
// from outside; the app carries no benchmark code.
(() => {
  const arrivals = new Map();
  const seen = new Map();
  window.__ingest = { arrivals, seen };
  const original = window.fetch;
  window.fetch = async (...args) => {
    const res = await original(...args);
    const url = String(args[0] instanceof Request ? args[0].url : args[0]);
    if (!url.includes('/events/stream') || !res.body) return res;
    const decoder = new TextDecoder();
    let buffer = '';
    const tap = new TransformStream({
      transform(chunk, controller) {
        const now = performance.now();
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const m = /"id":"([^"]+)"/.exec(buffer.slice(0, end));
          if (m && !arrivals.has(m[1])) arrivals.set(m[1], now);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
        controller.enqueue(chunk);
      },
    });
    return new Response(res.body.pipeThrough(tap), {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
  new MutationObserver((mutations) => {
    const now = performance.now();
    for (const m of mutations) {
      for (const node of m.addedNodes) {
        if (node.nodeType !== 1) continue;
        const rows = node.matches('[data-event-id]') ? [node] : node.querySelectorAll('[data-event-id]');
        for (const row of rows) {
          const id = row.getAttribute('data-event-id');
          if (!seen.has(id)) seen.set(id, now);
        }
      }
    }
  }).observe(document, { childList: true, subtree: true });
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push({ at: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  // What the long frames were spent on (Long Animation Frames API): each script's entry
  // point and source, and the frame's style, layout and paint, to attribute long tasks.
  window.__frames = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration <= 50) continue;
      window.__frames.push({
        at: Math.round(e.startTime),
        ms: Math.round(e.duration),
        blockingMs: Math.round(e.blockingDuration),
        renderMs: Math.round(e.renderStart ? e.startTime + e.duration - e.renderStart : 0),
        scripts: e.scripts.map((s) => ({
          ms: Math.round(s.duration),
          invoker: s.invoker,
          fn: s.sourceFunctionName,
          src: `${s.sourceURL.split('/').pop()}:${s.sourceCharPosition}`,
        })),
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
})();
