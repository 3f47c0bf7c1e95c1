// The jobs store's behaviour, the same on every store (PostgreSQL, and Cassandra when CASSANDRA_CONTACT_POINTS
// answers; its search runs on the PostgreSQL projection beside it).
import { expect, it } from "bun:test";
import type { Sql } from "postgres";
import type { JobsStore, NewJob, NewProposal } from "../../svc/jobs/store.ts";
import { jobsStore } from "../../svc/jobs/store/postgres.ts";
import { openCassandraJobsStore } from "../../svc/jobs/store/cassandra.ts";
import { newNamespace, waitFor } from "../support/stack.ts";
import { describeStores, requestId } from "./suite.ts";
import { dropKeyspace, freshCassandra, freshDatabase, quietLog, type StoreTarget } from "./targets.ts";

const targets: StoreTarget<JobsStore>[] = [
  {
    kind: "postgres",
    transactional: true,
    async open() {
      const db = await freshDatabase("jobs");
      return { store: () => jobsStore(db.sql), close: db.drop };
    },
  },
  {
    kind: "cassandra",
    transactional: false,
    async open() {
      const ns = newNamespace();
      const db = await freshDatabase("jobs", ns);
      const settings = freshCassandra("jobs", ns);
      const opened = await openCassandraJobsStore(settings, quietLog);
      return {
        store: (rid) => opened.bind(db.sql, rid),
        async close() {
          await opened.close();
          await dropKeyspace(settings);
          await db.drop();
        },
      };
    },
  },
];

const word = () => `w${Math.random().toString(36).slice(2, 10)}`;
const newJob = (extra: Partial<NewJob> = {}): NewJob => ({
  clientId: crypto.randomUUID(),
  title: "Build a search engine",
  description: "Index and rank documents.",
  location: "Remote",
  budget: "1500.50",
  skills: ["TypeScript", "Search"],
  experience: "EXPERT",
  ...extra,
});
const newProposal = (jobId: string, extra: Partial<NewProposal> = {}): NewProposal => ({
  jobId,
  freelancerId: crypto.randomUUID(),
  coverLetter: "I can do it.",
  jobDuration: "ONE_TO_THREE_MONTHS",
  attachments: [{ name: "cv", url: "https://example.com/cv.pdf" }],
  milestones: [
    { description: "Design", amount: "500.00", dueDate: "2030-06-01" },
    { description: "Build", amount: "1000.50", dueDate: "2030-07-31" },
  ],
  ...extra,
});

await describeStores("jobs", targets, ({ store, target }) => {
  /** The proposal the store made under this request id (the test fails when it refused). */
  const propose = async (p: NewProposal, rid?: string) => {
    const outcome = await store(rid).insertProposal(p);
    if ("refused" in outcome) throw new Error(`refused: ${outcome.refused}`);
    return outcome.proposal;
  };

  it("creates a job and reads it back as created", async () => {
    const created = await store().insertJob(newJob());
    expect(created).toMatchObject({
      title: "Build a search engine",
      budget: "1500.50",
      skills: ["TypeScript", "Search"],
      experience: "EXPERT",
      active: true,
      location: "Remote",
    });
    expect(created.created_at).toBeInstanceOf(Date);
    const found = await store().findJob(created.id);
    expect(found).toMatchObject({
      id: created.id,
      client_id: created.client_id,
      budget: "1500.50",
      skills: ["TypeScript", "Search"],
      active: true,
    });
    expect(found!.created_at.getTime()).toBe(created.created_at.getTime());
    expect((await store().lockJob(created.id, "share"))?.id).toBe(created.id);
    expect(await store().findJob(crypto.randomUUID())).toBeNull();
  });

  it("refuses a proposal on a job that does not exist or is no longer active", async () => {
    expect(await store().insertProposal(newProposal(crypto.randomUUID()))).toEqual({ refused: "no job" });
    const job = await store().insertJob(newJob());
    expect(await store().deactivateJob(job.id, crypto.randomUUID())).toBe(true);
    expect(await store().insertProposal(newProposal(job.id))).toEqual({ refused: "inactive job" });
    expect(await store().proposalsOfJob(job.id)).toEqual([]);
  });

  it("keeps a job without skills or location as such", async () => {
    const created = await store().insertJob(newJob({ skills: [], location: null }));
    expect(await store().findJob(created.id)).toMatchObject({ skills: [], location: null });
  });

  it("lists a client's jobs newest first, deactivated ones included", async () => {
    const clientId = crypto.randomUUID();
    const first = await store().insertJob(newJob({ clientId, title: "first" }));
    await Bun.sleep(5);
    const second = await store().insertJob(newJob({ clientId, title: "second" }));
    expect(await store().deactivateJob(first.id, crypto.randomUUID())).toBe(true);
    const mine = await store().jobsOfClient(clientId);
    expect(mine.map((j) => [j.id, j.active])).toEqual([
      [second.id, true],
      [first.id, false],
    ]);
    expect(await store().jobsOfClient(crypto.randomUUID())).toEqual([]);
  });

  it("lets one of several concurrent accepts deactivate a job, and no later one", async () => {
    const job = await store().insertJob(newJob());
    const results = await Promise.all(
      Array.from({ length: 5 }, () => store().deactivateJob(job.id, crypto.randomUUID())),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store().findJob(job.id))?.active).toBe(false);
    expect(await store().deactivateJob(job.id, crypto.randomUUID())).toBe(false);
    expect(await store().deactivateJob(crypto.randomUUID(), crypto.randomUUID())).toBe(false);
  });

  it(
    "finds active jobs by a word of their title, description or skills, best match first, and " + "no deactivated one",
    async () => {
      const w = word();
      const inTitle = await store().insertJob(newJob({ title: `Build ${w} now` }));
      const inDescription = await store().insertJob(newJob({ description: `Uses ${w} a lot.` }));
      const gone = await store().insertJob(newJob({ title: `Also ${w}` }));
      await store().deactivateJob(gone.id, crypto.randomUUID());
      const rows = await store().searchJobs({ query: w, skills: [] }, null, 10);
      expect(rows.map((r) => r.id)).toEqual([inTitle.id, inDescription.id]);
      const page = await store().searchJobs(
        { query: w, skills: [] },
        { rank: rows[0].rank, at: rows[0].cursor_at, id: rows[0].id },
        10,
      );
      expect(page.map((r) => r.id)).toEqual([inDescription.id]);
    },
  );

  it("takes one proposal per freelancer per job, even when they race", async () => {
    const job = await store().insertJob(newJob());
    const p = newProposal(job.id);
    const results = await Promise.all(Array.from({ length: 5 }, () => store().insertProposal(p)));
    expect(results.filter((r) => "proposal" in r)).toHaveLength(1);
    expect(results.filter((r) => "refused" in r && r.refused === "duplicate")).toHaveLength(4);
    expect(await store().proposalsOfJob(job.id)).toHaveLength(1);
  });

  it("keeps a proposal's milestones in order with exact amounts and its attachments", async () => {
    const job = await store().insertJob(newJob());
    const created = await propose(newProposal(job.id));
    const expected = {
      job_id: job.id,
      cover_letter: "I can do it.",
      job_duration: "ONE_TO_THREE_MONTHS",
      status: "PENDING",
      attachments: [{ name: "cv", url: "https://example.com/cv.pdf" }],
      milestones: [
        { description: "Design", amount: "500.00", dueDate: "2030-06-01" },
        { description: "Build", amount: "1000.50", dueDate: "2030-07-31" },
      ],
    };
    expect(created).toMatchObject(expected);
    expect(await store().findProposal(created.id)).toMatchObject({ id: created.id, ...expected });
    expect((await store().lockProposal(created.id))?.id).toBe(created.id);
    expect(await store().findProposal(crypto.randomUUID())).toBeNull();
  });

  it("lists a job's proposals oldest first and a freelancer's newest first", async () => {
    const [jobA, jobB] = [await store().insertJob(newJob()), await store().insertJob(newJob())];
    const freelancerId = crypto.randomUUID();
    const first = await propose(newProposal(jobA.id, { freelancerId }));
    await Bun.sleep(5);
    const second = await propose(newProposal(jobB.id, { freelancerId }));
    await Bun.sleep(5);
    const other = await propose(newProposal(jobA.id));
    expect((await store().proposalsOfJob(jobA.id)).map((p) => p.id)).toEqual([first.id, other.id]);
    expect((await store().proposalsOfFreelancer(freelancerId)).map((p) => p.id)).toEqual([second.id, first.id]);
  });

  it("changes only the fields given of a pending proposal, everywhere it is listed", async () => {
    const job = await store().insertJob(newJob());
    const p = await propose(newProposal(job.id));
    const milestones = [{ description: "All of it", amount: "1200.00", dueDate: "2031-01-15" }];
    const updated = await store().updateProposal(p.id, { coverLetter: "Better letter", milestones });
    expect(updated).toMatchObject({
      cover_letter: "Better letter",
      job_duration: "ONE_TO_THREE_MONTHS",
      milestones,
      attachments: p.attachments,
    });
    expect((await store().proposalsOfJob(job.id))[0]).toMatchObject({ cover_letter: "Better letter", milestones });
    expect((await store().proposalsOfFreelancer(p.freelancer_id))[0]).toMatchObject({
      cover_letter: "Better letter",
      milestones,
    });
    expect(await store().updateProposal(crypto.randomUUID(), { coverLetter: "x" })).toBeNull();
  });

  it("accepts one proposal, rejects the other pending ones, and no longer changes them", async () => {
    const job = await store().insertJob(newJob());
    const [a, b, c] = [
      await propose(newProposal(job.id)),
      await propose(newProposal(job.id)),
      await propose(newProposal(job.id)),
    ];
    await store().setProposalStatus(a.id, "ACCEPTED");
    expect(await store().rejectOtherPending(job.id, a.id)).toBe(2);
    expect(await store().rejectOtherPending(job.id, a.id)).toBe(0);
    const statuses = Object.fromEntries((await store().proposalsOfJob(job.id)).map((p) => [p.id, p.status]));
    expect(statuses).toEqual({ [a.id]: "ACCEPTED", [b.id]: "REJECTED", [c.id]: "REJECTED" });
    expect((await store().proposalsOfFreelancer(b.freelancer_id))[0].status).toBe("REJECTED");
    expect(await store().updateProposal(b.id, { coverLetter: "too late" })).toBeNull();
    expect((await store().findProposal(b.id))?.cover_letter).toBe("I can do it.");
  });

  // Only stores outside the request's transaction see a request twice (a redelivery after a crash mid-write).
  it.skipIf(target.transactional)("creates a job and a proposal once when the same request runs twice", async () => {
    const rid = requestId();
    const job = newJob();
    const first = await store(rid).insertJob(job);
    const again = await store(rid).insertJob(job);
    expect(again.id).toBe(first.id);
    expect(await store().jobsOfClient(job.clientId)).toHaveLength(1);
    const prid = requestId();
    const p = newProposal(first.id);
    const created = await propose(p, prid);
    expect((await propose(p, prid)).id).toBe(created.id);
    expect(await store().insertProposal(p)).toEqual({ refused: "duplicate" });
  });

  it.skipIf(target.transactional)(
    "lets the request that deactivated a job carry on, and undo only its own deactivation",
    async () => {
      const job = await store().insertJob(newJob());
      const rid = requestId();
      expect(await store(rid).deactivateJob(job.id, crypto.randomUUID())).toBe(true);
      expect(await store(rid).deactivateJob(job.id, crypto.randomUUID())).toBe(true);
      expect((await store().findJob(job.id))?.accepted_by_request).toBe(rid);
      await store().reactivateJob(job.id, crypto.randomUUID());
      expect((await store().findJob(job.id))?.active).toBe(false);
      await store(rid).reactivateJob(job.id, crypto.randomUUID());
      expect((await store().findJob(job.id))?.active).toBe(true);
      expect((await store().jobsOfClient(job.client_id))[0].active).toBe(true);
    },
  );
});

it("on PostgreSQL, a proposal waits for an acceptance in progress on its job and is then refused", async () => {
  const db = await freshDatabase("jobs");
  try {
    const job = await jobsStore(db.sql).insertJob(newJob());
    let proposing: ReturnType<JobsStore["insertProposal"]> | undefined;
    await db.sql.begin(async (tx) => {
      const accepting = jobsStore(tx as unknown as Sql);
      await accepting.lockJob(job.id, "update");
      expect(await accepting.deactivateJob(job.id, crypto.randomUUID())).toBe(true);
      proposing = jobsStore(db.sql).insertProposal(newProposal(job.id));
      // Commit only once the proposal waits on the job's row (without the lock, it would be made on the old row).
      await waitFor("the proposal to wait on the job's row lock", async () => {
        const [row] = await db.sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`;
        return row.n > 0;
      });
    });
    expect(await proposing).toEqual({ refused: "inactive job" });
    expect(await jobsStore(db.sql).proposalsOfJob(job.id)).toEqual([]);
  } finally {
    await db.drop();
  }
});

it("on PostgreSQL, searches by the full-text index right after a burst of new jobs", async () => {
  const db = await freshDatabase("jobs");
  try {
    const words = ["typescript", "payroll", "engine", "mobile", "pipeline", "search", "cloud", "audit"];
    await db.sql`
      insert into jobs (id, client_id, title, description, budget, skills, experience)
      select gen_random_uuid(), 'c', (${db.sql.array(words)}::text[])[1 + g % 8] || ' work ' || g,
             'details ' || g, 100, array['SQL'], 'EXPERT'
      from generate_series(1, 5000) g`;
    await db.sql`analyze jobs`;
    const plan = await db.sql.unsafe(
      `explain select id from jobs where active and search @@ websearch_to_tsquery('english', 'typescript audit')`,
    );
    expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toContain("Bitmap Index Scan on jobs_search");
    expect(
      (await jobsStore(db.sql).searchJobs({ query: "payroll", skills: [] }, null, 5)).map((r) => r.title.split(" ")[0]),
    ).toEqual(["payroll", "payroll", "payroll", "payroll", "payroll"]);
  } finally {
    await db.drop();
  }
});
