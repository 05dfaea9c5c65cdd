-- GET /events/changes reads history by time: without this a page scans and sorts the whole
-- range (a week can hold every change of the week); with it, a page reads its rows in order.
-- The key is the answer's order (at, event id, entry), so the scan stops at the page's end.
CREATE INDEX event_history_at ON event_history (at, event_id, id);
