// What the Cassandra stores bind and read, checked without a server: every value a statement binds is encoded by
// the driver's own encoder as the type its column declares, decoded back, and mapped to the same row.
import { describe, expect, it } from "bun:test";
import cassandra from "cassandra-driver";
import { decimalText, byCreation, insertCql, valuesOf, type CqlTable } from "../../svc/runtime/cassandra.ts";
import { tables as jobTables, udts, jobsDdl } from "../../svc/jobs/store/cassandraSchema.ts";
import { jobCells, proposalCells, toJobRow, toProposalRow } from "../../svc/jobs/store/cassandraRows.ts";
import { cql as jobsCql, proposalUpdate } from "../../svc/jobs/store/cassandraStatements.ts";
import { tables as contractTables, contractsDdl } from "../../svc/contracts/store/cassandraSchema.ts";
import { toContractRow, toMilestoneRow, toTerminationRow } from "../../svc/contracts/store/cassandraRows.ts";
import { cql as contractsCql } from "../../svc/contracts/store/cassandraStatements.ts";
import type { JobRow, ProposalRow } from "../../svc/jobs/store.ts";

// The driver's encoder and CQL type parser, as it uses them for prepared statements (protocol v4).
const encoder = new (cassandra as any).Encoder(4, {});
const udtFields: Record<string, Record<string, string>> = udts;
const resolveUdt = async (ks: string, name: string) => ({
  name,
  fields: await Promise.all(
    Object.entries(udtFields[name]).map(async ([f, t]) => ({ name: f, type: await typeOf(t) })),
  ),
});
const typeOf = (cqlType: string) => encoder.parseTypeName("ks", cqlType, 0, null, resolveUdt);

/** Binds `values` to the table's columns as a prepared statement would, and reads them back as a row. */
async function roundTrip(t: CqlTable, values: unknown[]): Promise<Record<string, unknown>> {
  const row: Record<string, unknown> = {};
  const columns = Object.entries(t.columns);
  expect(values).toHaveLength(columns.length);
  for (const [i, [name, type]] of columns.entries()) {
    const info = await typeOf(type);
    const bytes = encoder.encode(values[i], info);
    row[name] = bytes === undefined || bytes === null ? null : encoder.decode(bytes, info);
  }
  return row;
}

const at = new Date("2026-03-01T10:20:30.456Z");
const job: JobRow = {
  id: crypto.randomUUID(),
  client_id: crypto.randomUUID(),
  title: "Search",
  description: "Rank it",
  location: null,
  budget: "1500.50",
  skills: ["TypeScript", "CQL"],
  experience: "EXPERT",
  active: true,
  created_at: at,
  updated_at: at,
  accepted_proposal_id: null,
  accepted_by_request: null,
};
const proposal: ProposalRow = {
  id: crypto.randomUUID(),
  job_id: job.id,
  freelancer_id: crypto.randomUUID(),
  cover_letter: "Hi",
  job_duration: "LESS_THAN_A_MONTH",
  attachments: [{ name: "cv", url: "https://example.com/cv.pdf" }],
  status: "PENDING",
  created_at: at,
  updated_at: at,
  milestones: [
    { description: "All", amount: "999999999.99", dueDate: "2030-02-28" },
    { description: "Tip", amount: "0.01", dueDate: "2030-03-01" },
  ],
};

describe("jobs rows in Cassandra", () => {
  it("binds and reads back a job in every table that holds one", async () => {
    for (const t of [jobTables.jobs, jobTables.jobs_by_client]) {
      const read = toJobRow(await roundTrip(t, valuesOf(t, jobCells(job))));
      expect(read).toEqual({ ...job, id: job.id });
    }
  });

  it("reads a job without skills (Cassandra hands back null for an empty list) as no skills", async () => {
    const read = toJobRow(await roundTrip(jobTables.jobs, valuesOf(jobTables.jobs, jobCells({ ...job, skills: [] }))));
    expect(read.skills).toEqual([]);
  });

  it(
    "binds and reads back a proposal, its milestones (exact decimals, days) and attachments, " + "in every table",
    async () => {
      for (const t of [jobTables.proposals, jobTables.proposals_by_job, jobTables.proposals_by_freelancer]) {
        expect(toProposalRow(await roundTrip(t, valuesOf(t, proposalCells(proposal))))).toEqual(proposal);
      }
    },
  );

  it("binds an edit with as many values as placeholders, each of its column's type", async () => {
    const { query, params } = proposalUpdate(
      proposal.id,
      { coverLetter: "New", milestones: proposal.milestones, attachments: proposal.attachments },
      at,
    );
    expect(query).toBe(
      "update proposals set cover_letter = ?, attachments = ?, milestones = ?, updated_at = ? " +
        "where id = ? if status = 'PENDING'",
    );
    const types = ["text", "list<frozen<attachment>>", "list<frozen<proposal_milestone>>", "timestamp", "uuid"];
    expect(params).toHaveLength(types.length);
    for (const [i, type] of types.entries())
      expect(encoder.encode(params[i], await typeOf(type))).toBeInstanceOf(Buffer);
    expect(proposalUpdate(proposal.id, {}, at).query).toBe(
      "update proposals set updated_at = ? where id = ? if status = 'PENDING'",
    );
  });

  it("writes the copies with their row's update time, so the latest state wins", () => {
    expect(jobsCql.mirrorJob.endsWith("using timestamp ?")).toBe(true);
    expect(jobsCql.mirrorByJob.split("?").length - 1).toBe(Object.keys(jobTables.proposals_by_job.columns).length + 1);
  });
});

describe("contracts rows in Cassandra", () => {
  it("binds and reads back a contract, a milestone and a termination request", async () => {
    const contract = {
      id: crypto.randomUUID(),
      job_id: crypto.randomUUID(),
      proposal_id: crypto.randomUUID(),
      job_title: "Search",
      client_id: crypto.randomUUID(),
      freelancer_id: crypto.randomUUID(),
      status: "ACTIVE" as const,
      created_at: at,
      updated_at: at,
      changed_by_request: null,
      previous_status: null,
    };
    expect(
      toContractRow(await roundTrip(contractTables.contracts, valuesOf(contractTables.contracts, contract))),
    ).toEqual(contract);

    const milestone = {
      contract_id: contract.id,
      position: 2,
      id: crypto.randomUUID(),
      description: "Ship",
      amount: "1000.50",
      due_date: "2030-07-31",
      status: "OPEN" as const,
      created_at: at,
      updated_at: at,
    };
    expect(
      toMilestoneRow(await roundTrip(contractTables.milestones, valuesOf(contractTables.milestones, milestone))),
    ).toEqual({
      ...milestone,
      due_date: new Date("2030-07-31T00:00:00.000Z"),
      payment_request_id: null,
      changed_by_request: null,
      previous_status: null,
    });

    const termination = {
      contract_id: contract.id,
      id: crypto.randomUUID(),
      requester_id: contract.client_id,
      reason: "Slow",
      status: "PENDING",
      created_at: at,
      handled_at: null,
      changed_by_request: "req-1",
      previous_status: "PENDING",
    };
    expect(
      toTerminationRow(
        await roundTrip(
          contractTables.termination_requests,
          valuesOf(contractTables.termination_requests, termination as never),
        ),
      ),
    ).toEqual(termination as never);
  });

  it("binds every conditional update with one value per placeholder", () => {
    const placeholders = (q: string) => q.split("?").length - 1;
    expect(placeholders(contractsCql.setMilestoneStatus)).toBe(7);
    expect(placeholders(contractsCql.setMilestonePaid)).toBe(8);
    expect(placeholders(contractsCql.setContractStatus)).toBe(6);
    expect(placeholders(contractsCql.setTerminationStatus)).toBe(7);
    expect(contractsCql.insertMilestone.endsWith("if not exists")).toBe(true);
  });
});

describe("the keyspaces' DDL", () => {
  it("creates every table with its key columns declared, the types first", () => {
    for (const [ddl, tables] of [
      [jobsDdl("ks"), jobTables],
      [contractsDdl("ks"), contractTables],
    ] as const) {
      for (const [name, t] of Object.entries(tables as Record<string, CqlTable>)) {
        const statement = ddl.find((s) => s.startsWith(`create table if not exists ks.${name} (`))!;
        expect(statement).toBeDefined();
        const keyColumns = t.primaryKey
          .replace(/[()]/g, "")
          .split(",")
          .map((c) => c.trim());
        for (const c of keyColumns) expect(Object.keys(t.columns)).toContain(c);
      }
    }
    expect(jobsDdl("ks")[0]).toBe(
      "create type if not exists ks.proposal_milestone (description text, amount decimal, due_date date)",
    );
    expect(insertCql("t", { columns: { a: "int", b: "text" }, primaryKey: "(a)" }, "if not exists")).toBe(
      "insert into t (a, b) values (?, ?) if not exists",
    );
  });
});

describe("values as the commands see them", () => {
  it("gives decimals exactly two places at least", () => {
    expect(["500", "0.5", "500.00", "12.345"].map(decimalText)).toEqual(["500.00", "0.50", "500.00", "12.345"]);
  });

  it("orders rows by creation time, ties by id as PostgreSQL orders uuids", () => {
    const t = new Date(0);
    const rows = [
      { id: "b", created_at: t },
      { id: "a", created_at: t },
      { id: "c", created_at: new Date(1) },
    ];
    expect(byCreation([...rows], "asc").map((r) => r.id)).toEqual(["a", "b", "c"]);
    expect(byCreation([...rows], "desc").map((r) => r.id)).toEqual(["c", "b", "a"]);
  });
});
