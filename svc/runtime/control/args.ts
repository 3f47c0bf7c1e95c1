// Reading the arguments of a control message: a wrong one is refused with a message naming it.
export function intArg(args: Record<string, unknown>, name: string, min: number, max: number): number {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(args[name])}`);
  return n;
}

export function textArg(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== "string" || !value) throw new Error(`${name} is required`);
  return value;
}
