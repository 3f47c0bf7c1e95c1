// A command as its callers see it (the gateway's route table, another service's ctx.call, an outbox message):
// which service serves it, its name, its input schema and what it answers. Each service's schemas.ts lists its own.
import { Type as t, type TSchema, type TUnknown } from "@sinclair/typebox";

export interface CommandContract<I extends TSchema = TSchema, O extends TSchema = TSchema> {
  service: string;
  command: string;
  input: I;
  /** What the command answers; Unknown where no other component reads into it. */
  output: O;
}

/** `const jobsCommand = commandsOf("jobs")`, then `jobsCommand("getJob", jobId)`. */
export const commandsOf =
  (service: string) =>
  <I extends TSchema, O extends TSchema = TUnknown>(command: string, input: I, output?: O): CommandContract<I, O> => ({
    service,
    command,
    input,
    output: output ?? (t.Unknown() as TSchema as O),
  });
