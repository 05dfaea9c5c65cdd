/**
 * 我的图层 (My layers): the coordinate system of the next file, a button to pick one, and
 * what the last file did. Dropping a file on the map does the same (app/MapPanel.tsx).
 * File names and their contents are shown as text only.
 */
import { useRef } from 'react';
import type { Crs } from '@ioc/contract/contract';
import type { ImportNotice } from '../../catalog/userLayers/store';
import { useUserLayers } from '../../catalog/userLayers/store';
import { addMessages, type MessageKey, type Translate, useT } from '../../i18n';
import { mine } from '../../i18n/messages/mine';
import './myLayers.css';

addMessages(mine);

const CHOICES: Crs[] = ['WGS84', 'GCJ02', 'BD09'];
export const ACCEPT = '.geojson,.json,.csv,.txt,.kml,.kmz,.zip';

/** Reads files into layers; the parsers load with the first file. */
export function addFiles(files: Iterable<File>): void {
  const list = [...files];
  if (list.length === 0) return;
  void import('../../catalog/userLayers/importFile').then((m) => m.importFiles(list));
}

function describe(t: Translate, notice: ImportNotice): string {
  const at = (row: number | undefined) =>
    row === undefined ? '' : t(notice.unit === 'row' ? 'mine.at.row' : 'mine.at.feature', { row });
  if (notice.kind === 'added') {
    const first = notice.first;
    const added = first
      ? t('mine.addedSkipped', {
          title: notice.title,
          count: notice.count,
          skipped: notice.skipped,
          first: `${at(first.row)}：${t(`mine.reason.${first.reason}` as MessageKey)}`,
        })
      : t('mine.added', { title: notice.title, count: notice.count });
    return notice.unsaved ? `${added} ${t('mine.unsaved')}` : added;
  }
  const p = notice.problem;
  const problem = t(`mine.problem.${p.code}` as MessageKey, {
    row: p.row,
    detail: p.detail?.slice(0, 200),
    at: at(p.row),
    reason: p.reason ? t(`mine.reason.${p.reason}` as MessageKey) : '',
  });
  return t('mine.refused', { file: notice.fileName, problem });
}

export function MyLayers() {
  const t = useT();
  const crs = useUserLayers((s) => s.crs);
  const reading = useUserLayers((s) => s.reading);
  const notice = useUserLayers((s) => s.notice);
  const input = useRef<HTMLInputElement>(null);
  return (
    <section className="my-layers" aria-labelledby="my-layers-title">
      <h3 id="my-layers-title" className="my-layers__title">
        {t('catalog.mine')}
      </h3>
      <div className="my-layers__tools">
        <label>
          {t('mine.crs')}{' '}
          <select value={crs} onChange={(e) => useUserLayers.getState().setCrs(e.target.value as Crs)}>
            {CHOICES.map((c) => (
              <option key={c} value={c}>
                {t(`mine.crs.${c}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="switch"
          disabled={reading !== null}
          onClick={() => input.current?.click()}
        >
          {t('mine.add')}
        </button>
        <input
          ref={input}
          type="file"
          hidden
          multiple
          accept={ACCEPT}
          onChange={(e) => {
            addFiles(e.currentTarget.files ?? []);
            e.currentTarget.value = '';
          }}
        />
      </div>
      <p className="my-layers__help">{t('mine.help')}</p>
      {reading && <p role="status">{t('mine.reading', { file: reading })}</p>}
      {!reading && notice?.kind === 'added' && <p role="status">{describe(t, notice)}</p>}
      {!reading && notice?.kind === 'refused' && (
        <p role="alert" className="layer-row__problem">
          {describe(t, notice)}
        </p>
      )}
    </section>
  );
}

/** The ✕ of a user's layer in the catalog. */
export function RemoveLayer({ id, title }: { id: string; title: string }) {
  const t = useT();
  return (
    <button
      type="button"
      aria-label={t('mine.remove', { layer: title })}
      onClick={() => void import('../../catalog/userLayers/importFile').then((m) => m.removeUserLayer(id))}
    >
      ✕
    </button>
  );
}
