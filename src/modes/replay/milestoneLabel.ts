/**
 * A milestone in words: what happened (its kind, named), then what it is about: the event's
 * title, the switched region and who switched it, or the indicator with its value and target.
 */
import type { Milestone } from '@ioc/contract/contract';
import { addMessages, type useT } from '../../i18n';
import { milestones } from '../../i18n/messages/milestones';

addMessages(milestones);

export function milestoneLabel(t: ReturnType<typeof useT>, m: Milestone): string {
  const parts = [t(`replay.milestone.${m.kind}`), m.title];
  if (m.by) parts.push(t('replay.milestone.by', { name: m.by }));
  if (m.value !== undefined && m.target !== undefined)
    parts.push(t('replay.milestone.value', { value: m.value, target: m.target }));
  return parts.join(' · ');
}
