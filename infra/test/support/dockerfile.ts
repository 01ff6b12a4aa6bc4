import { readFileSync } from "node:fs";
import * as path from "node:path";
import { type AppName, IMAGE_BUILDS } from "../../components/images.js";
import { REPOSITORY_ROOT } from "./stack-files.js";

/** A Dockerfile's stages by name (`FROM … AS <name>`), each with its lines up to the next FROM. */
export function dockerfileStages(dockerfile: string): Map<string, string> {
  const text = readFileSync(path.join(REPOSITORY_ROOT, dockerfile), "utf8");
  const stages = new Map<string, string>();
  for (const stage of text.split(/^(?=FROM\s)/m).slice(1)) {
    const name = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(stage)?.[1];
    if (name) stages.set(name, stage);
  }
  return stages;
}

/** The stage that builds an app's image (components/images.ts says which file and target). */
export function imageStage(app: AppName): string {
  const { dockerfile, target } = IMAGE_BUILDS[app];
  const stage = dockerfileStages(dockerfile).get(target);
  if (!stage) throw new Error(`${dockerfile} has no stage ${target} (the ${app} image)`);
  return stage;
}
