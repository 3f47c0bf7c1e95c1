// Every scenario, in the order they run (the job pool is made by the first scenario that needs it).
import type { Scenario } from "./scenario.ts";
import { jobHit, jobMiss, proposal } from "./jobs.ts";
import { jobSearch } from "./search.ts";
import { login } from "./login.ts";
import { marketplace } from "./flow.ts";
import { rampRead, rampWrite } from "./ramp.ts";

export const scenarios: Scenario[] = [jobHit, jobMiss, jobSearch, proposal, login, marketplace, rampRead, rampWrite];
