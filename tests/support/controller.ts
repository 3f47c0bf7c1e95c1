// The controller CLI run as a subprocess against a test stack (as an operator runs it), for tests that install a
// command patch to cause a fault: a handler that throws for one input, a command slower than the gateway timeout.
import { root, type Stack } from "./stack.ts";

/** Give this to startStack's env so the services and the CLI share the control secret. */
export const controlEnv = { CONTROL_SECRET: `control-${crypto.randomUUID()}` };

/** `bun ctl/main.ts <args> --json` in the stack's namespace; throws unless every replica acknowledged. */
export async function ctl(stack: Stack, args: string[]): Promise<unknown> {
  const proc = Bun.spawn([process.execPath, "ctl/main.ts", ...args, "--json"], {
    cwd: root,
    env: { ...process.env, WORKUP_NAMESPACE: stack.ns, CONTROL_SECRET: stack.env.CONTROL_SECRET ?? "" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`ctl ${args.join(" ")} exited with ${code}: ${stdout}${stderr}`);
  return JSON.parse(stdout);
}

/** A patch file of tests/<dir>/fixtures/patches. */
export const patchFile = (dir: string, name: string) => `${root}tests/${dir}/fixtures/patches/${name}.ts`;
