/** The estate the planners, their reservations and `validate`'s capacity check see: the systems on the cloud. */
import { runsOnCloud, type Estate } from "../../catalog/index.js";

/**
 * The estate as the planners see it: only the systems that run on the cloud (catalog/migration.ts
 * `runsOnCloud`: no migration record, or from `migrating` to `decommissioned`). An `inventoried` or
 * `assessed` system still runs in its legacy location, an `exempt` one stays there and a `retired` one is
 * gone: none gets a namespace, services, network policies or a DR copy, so none reserves capacity. Policy
 * rules, the views and the planners marked `allSystems` (the migration planner's SystemMigrations) still see
 * every request. `planEstate` and `plannedReservations` (hence `validate`'s
 * node-over-capacity) both start from it, so they count the same systems.
 */
export function onCloudEstate(estate: Estate): Estate {
  let out = views.get(estate);
  if (out === undefined) {
    const requests = estate.requests.filter((r) => runsOnCloud(r.doc.spec));
    out = requests.length === estate.requests.length ? estate : { ...estate, requests };
    views.set(estate, out);
  }
  return out;
}

/**
 * One view per Estate (deep-frozen, so the view never goes stale): what is memoized per Estate object
 * downstream (`drPlan`) is then computed once for `plannedReservations` and `planEstate` alike.
 */
const views = new WeakMap<Estate, Estate>();
