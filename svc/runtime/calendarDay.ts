// Date inputs: the schemas check the shape (YYYY-MM-DD...), this checks the day exists.
import { invalid } from "./errors.ts";

/**
 * "YYYY-MM-DD" of a date input, refusing days that do not exist (2023-02-30): PostgreSQL would reject such a day
 * with an error that is not the client's 400. Absent values stay absent.
 */
export function calendarDay<T extends string | null | undefined>(value: T, field: string): T {
  if (value === null || value === undefined) return value;
  const day = value.slice(0, 10);
  const [y, m, d] = day.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1000 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    throw invalid(`${field}: ${day} is not a calendar date`, field);
  }
  return day as T;
}
