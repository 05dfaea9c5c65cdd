/**
 * The planner mode's layout: the map with its layer catalog (and over it, while comparing,
 * a second map behind a swipe line), and the analysis workbench.
 */
import { MapPanel } from '../app/MapPanel';
import { CompareMap } from '../panels/planner/CompareMap';
import { useCompareStore } from '../panels/planner/compareStore';
import { Workbench } from '../panels/planner/Workbench';

export function PlannerMode() {
  const comparing = useCompareStore((s) => s.open);
  return (
    <div className="app-body app-body--planner">
      <div className="planner-maps">
        <MapPanel />
        {comparing && <CompareMap />}
      </div>
      <Workbench />
    </div>
  );
}
