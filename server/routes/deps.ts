/** What every route module receives from the app. */
import type { Store } from "../store/store";
import type { FaultInjector } from "../store/faults";

/** Shared dependencies of the route modules. */
export interface RouteDeps {
  store: Store;
  faults: FaultInjector;
  /** The base URL the server is reachable at (for the JWT audience). */
  baseUrl(): string;
  /** Request and mutation counters of `GET /_local/stats`. */
  stats: { requests: Record<string, number>; mutations: number };
  /** Deletes all state (POST /_local/reset). */
  reset(): void;
}
