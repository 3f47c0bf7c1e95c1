// Payments routes: payment requests, paying them, wallets and their transactions. createPaymentRequest,
// createWallet and createWalletTransaction are internal: no route, and the service refuses them when they come from the
// gateway.
import { routesOf, type Route } from "./route.ts";
import * as s from "../../svc/payments/schemas.ts";

const route = routesOf(s.paymentsCommands, "/api/v1/payments");
const C: Route["access"] = ["CLIENT"];
const F: Route["access"] = ["FREELANCER"];

export const paymentsRoutes: Route[] = [
  route("GET", "/clients/me/requests", "getClientPaymentRequests", C, "The client's payment requests"),
  route("GET", "/clients/me/transactions", "getClientPaymentTransactions", C, "The client's payment transactions"),
  route("GET", "/freelancers/me/requests", "getFreelancerPaymentRequests", F, "The freelancer's payment requests"),
  route(
    "GET",
    "/freelancers/me/transactions",
    "getFreelancerPaymentTransactions",
    F,
    "Payment transactions of the freelancer's requests",
  ),
  route(
    "GET",
    "/freelancers/me/wallet/transactions",
    "getWalletTransactions",
    F,
    "The freelancer's wallet transactions",
  ),
  route(
    "GET",
    "/freelancers/me/wallet/transactions/:id",
    "getWalletTransaction",
    F,
    "One of the freelancer's own wallet transactions",
    { params: s.walletTransactionId },
  ),
  route("GET", "/freelancers/me/wallet", "getWallet", F, "The freelancer's wallet and balance"),
  route(
    "POST",
    "/freelancers/me/wallet/withdraw",
    "withdrawFromWallet",
    F,
    "Withdraw from the wallet (409 when the balance does not cover it)",
    { body: s.withdraw },
  ),
  route(
    "POST",
    "/requests/:id/pay",
    "payPaymentRequest",
    C,
    "Pay one of the client's pending payment requests (Idempotency-Key honoured)",
    { params: s.requestId },
  ),
  route(
    "GET",
    "/requests/:id",
    "getPaymentRequest",
    "authenticated",
    "A payment request, for its client or freelancer",
    { params: s.requestId },
  ),
];
