/** What every route module receives from the app. */
import type { LockboxService } from "../service";
import type { Store } from "../store/store";
import type { FaultInjector } from "../store/faults";
import type { Stats } from "../stats";

/** Shared dependencies of the route modules. */
export interface RouteDeps {
  /** The API methods (server/service). */
  service: LockboxService;
  /** The store, for the /_local admin endpoints. */
  store: Store;
  faults: FaultInjector;
  /** The counters of `GET /_local/stats`. */
  stats: Stats;
  /** Deletes all state (POST /_local/reset). */
  reset(): void;
}
