// Links to private media in an answer are signed at the edge, for a short time, and only for their owner's files:
// a file of a private group is named `<owner user id>-...` (media/groups.ts), and a link is signed only when that
// owner is the one the route names (the caller's own resume; a proposal's freelancer for its attachments and
// resume). The services decide who may see the answer; a link to somebody else's file stays unsigned (403 at the
// media server), so nobody gets a signature by pointing their own link at another user's file.
import type { Caller } from "../svc/runtime/envelope.ts";
import { signMediaPath } from "../svc/runtime/mediaSignature.ts";
import type { Route } from "./routes/route.ts";

export interface MediaLinkSigner {
  key: string;
  ttlSeconds: number;
}

type Item = Record<string, unknown>;
const filePath = /^\/static\/[a-z0-9_-]+\/([^/]+)$/;

/** The link with `?expires=&sig=` when it points at a media file of `owner`; otherwise unchanged. */
export function signedLink(link: unknown, owner: string, signer: MediaLinkSigner, nowSeconds: number): unknown {
  if (typeof link !== "string") return link;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  const file = filePath.exec(url.pathname)?.[1];
  if (!file?.toLowerCase().startsWith(`${owner.toLowerCase()}-`)) return link;
  url.search = signMediaPath(signer.key, url.pathname, nowSeconds + signer.ttlSeconds);
  return url.toString();
}

/** The answer of a route with `mediaLinks`, its private links signed. */
export function signMediaLinks(
  answer: unknown,
  spec: NonNullable<Route["mediaLinks"]>,
  caller: Caller | null,
  signer: MediaLinkSigner,
): unknown {
  const now = Math.floor(Date.now() / 1000);
  const signItem = (item: Item): Item => {
    const owner = spec.owner === "caller" ? caller?.id : item.freelancerId;
    if (typeof owner !== "string") return item;
    if (spec.field === "resumeLink") return { ...item, resumeLink: signedLink(item.resumeLink, owner, signer, now) };
    if (!Array.isArray(item.attachments)) return item;
    const attachments = (item.attachments as Item[]).map((a) => ({ ...a, url: signedLink(a.url, owner, signer, now) }));
    return { ...item, attachments };
  };
  if (Array.isArray(answer)) return answer.map((item) => (item && typeof item === "object" ? signItem(item) : item));
  return answer && typeof answer === "object" ? signItem(answer as Item) : answer;
}
