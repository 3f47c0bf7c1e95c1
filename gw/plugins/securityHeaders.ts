// Headers on every gateway answer: browsers must not guess a content type (nosniff), and nothing the API answers
// (tokens, private profiles, contracts, wallets) may be kept by a browser or a shared cache (no-store).
import { Elysia } from "elysia";

export const securityHeaders = (apiPrefix = "/api/") =>
  new Elysia({ name: "workup-security-headers" })
    .onRequest(({ set, request }) => {
      set.headers["x-content-type-options"] = "nosniff";
      if (new URL(request.url).pathname.startsWith(apiPrefix)) set.headers["cache-control"] = "no-store";
    })
    .as("global");
