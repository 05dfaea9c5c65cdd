// @vitest-environment jsdom
/**
 * A panel whose code arrives beside the map must show once its code is here, whenever it
 * arrives: before the first render, while the fallback is up, or in the gap between the
 * render that drew the fallback and the effect that waits for the code (the gap in which
 * the feed once stayed on "loading" for good).
 */
import { act, cleanup, render, screen } from '@testing-library/react';
import { type ComponentType, useLayoutEffect } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { deferred } from '../../src/app/deferred';

function Panel({ label }: { label: string }) {
  return <ul aria-label={label} />;
}

/** A chunk that arrives exactly when the test says, synchronously (a thenable, not a promise). */
function controlledChunk() {
  let arrive: (c: ComponentType<{ label: string }>) => void = () => {
    throw new Error('nobody waits for the chunk yet');
  };
  const chunk = {
    // biome-ignore lint/suspicious/noThenProperty: the loader is handed a thenable on purpose
    then(onArrived: (c: ComponentType<{ label: string }>) => void) {
      arrive = onArrived;
      return Promise.resolve();
    },
  } as unknown as Promise<ComponentType<{ label: string }>>;
  return { load: () => chunk, arrive: () => arrive(Panel) };
}

describe('a deferred panel', () => {
  afterEach(cleanup);

  it('shows when its code arrives after the first render', async () => {
    let arrive: (c: ComponentType<{ label: string }>) => void = () => undefined;
    const Feed = deferred(() => new Promise<ComponentType<{ label: string }>>((r) => (arrive = r)));
    render(<Feed label="feed" />);
    expect(screen.getByRole('status')).toBeTruthy();
    await act(async () => arrive(Panel));
    expect(screen.getByRole('list', { name: 'feed' })).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('shows when its code arrives between the render and the effect', async () => {
    const chunk = controlledChunk();
    const Feed = deferred(chunk.load);
    // Asked for before the first render, as main.tsx preloads the side panels.
    void Feed.preload();
    /** Commits with the fallback on screen, and lets the chunk arrive before passive effects run. */
    function ArrivesInTheGap() {
      useLayoutEffect(() => chunk.arrive(), []);
      return null;
    }
    await act(async () => {
      render(
        <>
          <Feed label="feed" />
          <ArrivesInTheGap />
        </>,
      );
    });
    expect(screen.getByRole('list', { name: 'feed' })).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('shows at once when its code is already here', async () => {
    const Feed = deferred(async () => Panel);
    await Feed.preload();
    render(<Feed label="feed" />);
    expect(screen.getByRole('list', { name: 'feed' })).toBeTruthy();
  });
});
