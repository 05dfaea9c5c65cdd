import { Children, cloneElement, isValidElement, type ReactElement, useId } from 'react';
import './Field.css';

/**
 * A label and its one control, tied by id, so the control's accessible name is the label
 * alone (a wrapping label would also read out every option of a select).
 */
export function Field({ label, children }: { label: string; children: ReactElement<{ id?: string }> }) {
  const id = useId();
  const control = Children.only(children);
  return (
    <div className="feed-filter">
      <label htmlFor={id}>{label}</label>
      {isValidElement(control) ? cloneElement(control, { id }) : control}
    </div>
  );
}
