// Which tag the built images get: the commit they are built from, unless a tag is chosen.
import { execFileSync } from "node:child_process";
import { dockerTag } from "../config/images.js";
import { keyName, StackConfigError } from "../config/problems.js";

/** The variable CI sets to the commit it checked out (a checkout in CI may be shallow or detached). */
export const IMAGE_TAG_VARIABLE = "SSGBAY_IMAGE_TAG";
/** How many hex digits of the commit name it (as `git rev-parse --short=12`). */
export const REVISION_LENGTH = 12;

export interface ImageTagSources {
  /** `images.tag` from the stack config (an explicit choice, `latest` included). */
  configured: string | undefined;
  /** The value of SSGBAY_IMAGE_TAG, if set. */
  environment: string | undefined;
  /** The repository the images are built from. */
  repositoryRoot: string;
  /** `pulumi preview`: nothing is built, so a dirty tree only warns. */
  dryRun: boolean;
}

export interface ImageTag {
  tag: string;
  /** Set when the tag does not name exactly what is built (a preview of a dirty tree). */
  warning?: string;
}

/**
 * `images.tag` if set, else SSGBAY_IMAGE_TAG, else the repository's HEAD commit. A tree with
 * uncommitted changes is refused for `pulumi up`: its images would carry a commit's name
 * without being that commit, and the next build of the commit would move the tag.
 */
export function resolveImageTag(sources: ImageTagSources): ImageTag {
  if (sources.configured !== undefined) return { tag: sources.configured };
  if (sources.environment !== undefined && sources.environment !== "") {
    const parsed = dockerTag.safeParse(sources.environment);
    if (!parsed.success) {
      throw new StackConfigError([
        `${IMAGE_TAG_VARIABLE}: ${parsed.error.issues[0]?.message ?? "must be a Docker tag"}`,
      ]);
    }
    return { tag: parsed.data };
  }
  const revision = git(sources.repositoryRoot, ["rev-parse", `--short=${REVISION_LENGTH}`, "HEAD"]);
  const changes = git(sources.repositoryRoot, [
    "status",
    "--porcelain",
    "--untracked-files=normal",
  ]);
  if (changes === "") return { tag: revision };
  const rule = `the working tree of ${sources.repositoryRoot} has uncommitted changes, so no commit names what would be built; commit them, or choose a tag (pulumi config set --path ssgbay:images.tag <tag>)`;
  if (!sources.dryRun) throw new StackConfigError([`${keyName(["images", "tag"])}: ${rule}`]);
  return { tag: `${revision}-dirty`, warning: `${keyName(["images", "tag"])}: ${rule}` };
}

function git(repositoryRoot: string, args: string[]): string {
  try {
    return execFileSync("git", ["-C", repositoryRoot, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new StackConfigError([
      `${keyName(["images", "tag"])}: is unset and the git revision of ${repositoryRoot} cannot be read (${detail}); set it, or ${IMAGE_TAG_VARIABLE}`,
    ]);
  }
}
