// Money is exact: the API takes and gives amounts as JSON numbers with at most two decimals; inside, amounts
// are integer cents (bigint) or NUMERIC(14,2) in SQL, and travel between services as decimal strings.
import { t } from "./types.ts";
import { invalid } from "./errors.ts";

export const maxAmount = 1_000_000_000; // 1e9 currency units per single amount
export const Amount = (description = "amount, at most two decimals") =>
  t.Union([t.Number({ exclusiveMinimum: 0, maximum: maxAmount }), t.String({ pattern: "^\\d{1,10}(\\.\\d{1,2})?$" })], {
    description,
  });

/** Exact cents of an API amount; rejects more than two decimals, zero and negatives, naming the field. */
export function toCents(value: number | string, field = "amount"): bigint {
  const text = typeof value === "number" ? String(value) : value.trim();
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw invalid(`${field} must be a positive amount with at most two decimals`, field);
  const cents = BigInt(m[1]) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
  if (cents <= 0n) throw invalid(`${field} must be greater than 0`, field);
  if (cents > BigInt(maxAmount) * 100n) throw invalid(`${field} is too large`, field);
  return cents;
}

/** "1234.50" — for SQL NUMERIC parameters and service-to-service messages. */
export const centsToDecimal = (cents: bigint): string => {
  const sign = cents < 0n ? "-" : "";
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
};

/** An API amount as the exact decimal string SQL and other services take ("10.15"); 400 naming the field otherwise. */
export const exactDecimal = (value: number | string, field = "amount"): string => centsToDecimal(toCents(value, field));

/** A NUMERIC from PostgreSQL ("1234.50") as the JSON number the API answers (1234.5). */
export const decimalToNumber = (decimal: string | number): number => Number(decimal);
