// Jobs routes (inventory 4.4). Filled in by the jobs service's issue.
import type { Route } from "./route.ts";

export const jobsRoutes: Route[] = [];
