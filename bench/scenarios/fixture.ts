// The data the scenarios run against, made through the gateway with real accounts and JWTs. The large pool
// of never-read jobs (cache misses, one proposal per job and freelancer) is copied in SQL from one job made
// through the API when the bench started the stack itself; against BENCH_URL it is made through the API.
import type { Api, Account } from "../../tests/support/api.ts";
import { registerClient, registerFreelancer } from "../../tests/support/api.ts";
import type { Stack } from "../../tests/support/stack.ts";

export const jobBody = (title: string, description: string, skills: string[] = []) => ({
  title,
  description,
  location: "Remote",
  budget: 1500,
  skills,
  experience: "INTERMEDIATE",
});

export const proposalBody = {
  coverLetter: "I have built this kind of backend before.",
  jobDuration: "LESS_THAN_A_MONTH",
  attachments: [],
  milestones: [{ description: "The whole job", amount: 100, dueDate: "2030-09-09" }],
};

export async function createJob(a: Api, token: string, body: unknown): Promise<string> {
  const res = await a.post("/api/v1/jobs", body, token);
  if (res.status !== 201)
    throw new Error(`POST /api/v1/jobs answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body.id as string;
}

/** n jobs through the API, `concurrency` at a time. */
export async function createJobs(
  a: Api,
  token: string,
  n: number,
  body: (i: number) => unknown,
  concurrency = 32,
): Promise<string[]> {
  const ids: string[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        ids[i] = await createJob(a, token, body(i));
      }
    }),
  );
  return ids;
}

/** n copies of one job, straight into the jobs database: every column but the id is copied. */
export async function cloneJobs(stack: Stack, templateId: string, n: number): Promise<string[]> {
  const db = stack.db("jobs");
  try {
    const columns = (
      await db`
      select column_name from information_schema.columns
      where table_schema = 'public' and table_name = 'jobs' and is_generated = 'NEVER' and column_name <> 'id'
      order by ordinal_position`
    ).map((c) => `"${c.column_name}"`);
    const rows = await db.unsafe(
      `insert into jobs (id, ${columns.join(", ")})
       select gen_random_uuid(), ${columns.map((c) => `j.${c}`).join(", ")} from jobs j, generate_series(1, $2::int)
         where j.id = $1
       returning id`,
      [templateId, n],
    );
    return rows.map((r) => r.id as string);
  } finally {
    await db.end({ timeout: 5 });
  }
}

/** A registration again after a 5xx: a busy machine may make one time out; the bench should not stop for it. */
async function persist<T>(what: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await what();
    } catch (err) {
      if (i >= attempts || !/ 5\d\d /.test((err as Error).message)) throw err;
      await Bun.sleep(500 * i);
    }
  }
}

/** The accounts and jobs several scenarios share, made once on first use (and again if making them failed). */
export class Fixture {
  private made = new Map<string, Promise<unknown>>();

  constructor(
    readonly api: Api,
    readonly stack: Stack | null,
  ) {}

  private once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.made.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make();
      this.made.set(key, p);
      p.catch(() => this.made.delete(key));
    }
    return p;
  }

  clientAccount(): Promise<Account> {
    return this.once("client", () => persist(() => registerClient(this.api)));
  }

  freelancerAccounts(n: number): Promise<Account[]> {
    return Promise.all(
      Array.from({ length: n }, (_, i) =>
        this.once(`freelancer ${i}`, () => persist(() => registerFreelancer(this.api))),
      ),
    );
  }

  /** One job, read over and over (cache hits). */
  cachedJobId(): Promise<string> {
    return this.once("cached job", async () =>
      createJob(
        this.api,
        (await this.clientAccount()).token,
        jobBody("Build a TypeScript backend", "Services over RabbitMQ with a Redis cache.", ["typescript"]),
      ),
    );
  }

  /** Jobs nobody has read yet; made once, with the size the first caller needs. */
  jobPool(size: number): Promise<string[]> {
    return this.once("pool", async () => {
      const client = await this.clientAccount();
      const body = jobBody("Pool job", "A job of the bench's pool.");
      if (!this.stack) return createJobs(this.api, client.token, Math.min(size, 20_000), () => body);
      return cloneJobs(this.stack, await createJob(this.api, client.token, body), size);
    });
  }
}
