// GET /describe and GET /describe/<group>: what groups exist and which files each one holds (a private group's
// files only with the upload credentials).
import { mediaKinds, mimeTypesOf } from "../groups.ts";
import { json } from "../respond.ts";
import { findGroup, type Handler } from "./context.ts";

export const describeGroups: Handler = (_req, _params, ctx) =>
  json({ success: true, path: "/static/", groups: ctx.config.groups.map((g) => g.name) });

export const describeGroup: Handler = async (req, params, ctx) => {
  const group = findGroup(ctx, params.group);
  if (group.private) ctx.requireUploader(req, ctx.client); // who has which resume is private too
  const files = await ctx.storage.list(group);
  return json({
    success: true,
    path: `/static/${group.name}/`,
    mimeType: mimeTypesOf(group)[0],
    mimeTypes: mimeTypesOf(group),
    maxBytes: group.maxBytes,
    ...(group.imageSize ? { imageSize: group.imageSize } : {}),
    files: files.map((f) => ({
      name: f.name,
      path: `/static/${group.name}/${f.name}`,
      size: f.size,
      mimeType: mediaKinds[f.kind].mime,
      modified: f.modified.toISOString(),
    })),
  });
};
