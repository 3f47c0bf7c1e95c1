// A deleted or disabled account is refused everywhere within a second: users announces the change after its commit
// and every gateway replica drops what it remembered about the account (before, a token kept working for up to the
// minute between account checks). Two gateway replicas, each of which has already checked the token.
import { describe, expect, it } from "bun:test";
import { useStack } from "../support/useStack.ts";
import { api, loginAdmin, registerClient, registerFreelancer, type Account, type Api } from "../support/api.ts";
import { contract, job } from "../support/marketplace.ts";

const { stack, api: a } = useStack();

/** Requests on the jobs, contracts and payments services' routes, on both gateways. */
function everywhere(gateways: Api[], client: Account, contractId: string) {
  return gateways.flatMap((g) => [
    () => g.post("/api/v1/jobs", job(), client.token),
    () => g.get(`/api/v1/contracts/${contractId}`, client.token),
    () => g.get("/api/v1/payments/clients/me/requests", client.token),
  ]);
}

/** The statuses of every request, asked again until all are `status` or a second has passed since `since`. */
async function statusesWithinASecond(
  requests: Array<() => Promise<{ status: number }>>,
  status: number,
  since: number,
) {
  for (;;) {
    const statuses = await Promise.all(requests.map(async (r) => (await r()).status));
    if (statuses.every((s) => s === status) || Date.now() - since > 1000) return statuses;
    await Bun.sleep(50);
  }
}

describe("account changes reach every gateway replica", () => {
  it("refuses a deleted account's token on the jobs, contracts and payments routes of both gateways", async () => {
    const second = api(await stack.addGateway());
    const client = await registerClient(a);
    const { contractId } = await contract(a, client, await registerFreelancer(a));
    const requests = everywhere([a, second], client, contractId);
    expect((await Promise.all(requests.map((r) => r()))).map((r) => r.status)).toEqual([201, 200, 200, 201, 200, 200]);

    const admin = await loginAdmin(a);
    const deleted = await a.del(`/api/v1/users/accounts/${client.id}`, admin);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ userId: client.id, deleted: true });
    expect(await statusesWithinASecond(requests, 401, Date.now())).toEqual([401, 401, 401, 401, 401, 401]);
    const refused = await second.get("/api/v1/payments/clients/me/requests", client.token);
    expect(refused.body.error.message).toContain("no longer exists or is disabled");
    expect((await a.post("/api/v1/users/login", { email: client.email, password: client.password })).status).toBe(401);
    expect((await a.del(`/api/v1/users/accounts/${client.id}`, admin)).status).toBe(404);
  });

  it("refuses a disabled account's token and login until it is enabled again", async () => {
    const second = api(await stack.addGateway());
    const client = await registerClient(a);
    const { contractId } = await contract(a, client, await registerFreelancer(a));
    const requests = everywhere([a, second], client, contractId).filter((_, i) => i % 3 !== 0); // reads only
    expect((await Promise.all(requests.map((r) => r()))).map((r) => r.status)).toEqual([200, 200, 200, 200]);

    const admin = await loginAdmin(a);
    const path = `/api/v1/users/accounts/${client.id}/disabled`;
    expect((await a.put(path, { disabled: true }, admin)).body).toEqual({ userId: client.id, disabled: true });
    expect(await statusesWithinASecond(requests, 401, Date.now())).toEqual([401, 401, 401, 401]);
    const login = await a.post("/api/v1/users/login", { email: client.email, password: client.password });
    expect(login.status).toBe(403);
    expect(login.body.error.message).toContain("disabled");

    expect((await second.put(path, { disabled: false }, admin)).body).toEqual({ userId: client.id, disabled: false });
    expect(await statusesWithinASecond(requests, 200, Date.now())).toEqual([200, 200, 200, 200]);
    expect((await a.post("/api/v1/users/login", { email: client.email, password: client.password })).status).toBe(200);
  });

  it("lets only an admin delete or disable, and never an admin account", async () => {
    const client = await registerClient(a);
    const other = await registerClient(a);
    expect((await a.del(`/api/v1/users/accounts/${other.id}`, client.token)).status).toBe(403);
    expect((await a.put(`/api/v1/users/accounts/${other.id}/disabled`, { disabled: true }, client.token)).status).toBe(
      403,
    );
    const admin = await loginAdmin(a);
    const adminId = JSON.parse(atob(admin.split(".")[1]!)).userId as string;
    expect((await a.del(`/api/v1/users/accounts/${adminId}`, admin)).status).toBe(403);
    expect((await a.del("/api/v1/users/accounts/not-a-uuid", admin)).status).toBe(400);
    expect((await a.put(`/api/v1/users/accounts/${other.id}/disabled`, { disabled: "yes" }, admin)).status).toBe(400);
  });
});
