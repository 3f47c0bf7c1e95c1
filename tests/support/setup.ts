// Preloaded by bun test (bunfig.toml): the default 5 s is too short for tests that start real processes.
import { setDefaultTimeout } from "bun:test";

setDefaultTimeout(60_000);
