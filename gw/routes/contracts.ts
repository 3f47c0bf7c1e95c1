// Contracts routes (inventory 4.4). Filled in by the contracts service's issue.
import type { Route } from "./route.ts";

export const contractsRoutes: Route[] = [];
