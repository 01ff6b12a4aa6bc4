/**
 * A stand-in for Pulumi's Node.js language host (`pulumi-language-nodejs`).
 *
 * Why it exists: the Go module of the real host
 * (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is never tagged, and the
 * module proxy reachable here refuses the pseudo-version of the 3.248.0 commit, so the real
 * host cannot be built offline. Everything the program itself does is still Pulumi's code:
 * this host only launches `@pulumi/pulumi/cmd/run` (programs) and `cmd/run-policy-pack`
 * (CrossGuard packs) from the program's own node_modules with the flags and environment the
 * real host passes, and maps their exit codes back to the engine.
 *
 * Started by the Pulumi CLI as `pulumi-language-nodejs [flags] <engine-address>`; it prints
 * the port it listens on (127.0.0.1 only) as its first line of output.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as languageMessages from "@pulumi/pulumi/proto/language_pb.js";
import { z } from "zod";

const requireFromSdk = createRequire(resolveFromHere("@pulumi/pulumi/package.json"));
// The generated stubs bind to the @grpc/grpc-js copy next to @pulumi/pulumi; use that same copy.
const grpc = requireFromSdk("@grpc/grpc-js") as typeof grpcTypes;
const services = requireFromSdk("./proto/language_grpc_pb.js") as {
  LanguageRuntimeService: grpcTypes.ServiceDefinition;
};
const messages = requireFromSdk("./proto/language_pb.js") as typeof languageMessages;
const pluginMessages = requireFromSdk("./proto/plugin_pb.js") as {
  PluginInfo: new () => { setVersion(version: string): unknown };
};
const emptyMessages = requireFromSdk("google-protobuf/google/protobuf/empty_pb.js") as {
  Empty: new () => object;
};
const sdkVersion = z
  .object({ version: z.string() })
  .parse(requireFromSdk("./package.json")).version;

/** Exit code by which the Node.js SDK says "the error was already reported to the user". */
const EXIT_CODE_BAIL = 32;

function resolveFromHere(specifier: string): string {
  return createRequire(import.meta.url).resolve(specifier);
}

/** Runtime options of Pulumi.yaml / PulumiPolicy.yaml that this host honours. */
const runtimeOptionsSchema = z
  .object({
    typescript: z.boolean().optional(),
    nodeargs: z.string().optional(),
    tsconfig: z.string().optional(),
  })
  .passthrough();
type RuntimeOptions = z.infer<typeof runtimeOptionsSchema>;

function runtimeOptions(info: languageMessages.ProgramInfo | undefined): RuntimeOptions {
  return runtimeOptionsSchema.parse(info?.getOptions()?.toJavaScript() ?? {});
}

function programLocation(
  info: languageMessages.ProgramInfo | undefined,
  fallbackDirectory: string,
) {
  return {
    directory: info?.getProgramDirectory() || fallbackDirectory,
    entryPoint: info?.getEntryPoint() || ".",
  };
}

function nodeArguments(options: RuntimeOptions): string[] {
  return (options.nodeargs ?? "").split(/\s+/).filter((argument) => argument.length > 0);
}

function typeScriptEnvironment(options: RuntimeOptions): Record<string, string> {
  const environment: Record<string, string> = {
    PULUMI_NODEJS_TYPESCRIPT: String(options.typescript ?? true),
  };
  if (options.tsconfig) environment.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
  return environment;
}

/** Resolves one of the SDK's launcher scripts from the program's own dependencies. */
function sdkScript(programDirectory: string, script: string): string {
  return createRequire(path.join(programDirectory, "noop.js")).resolve(`@pulumi/pulumi/${script}`);
}

function waitForExit(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function parseHostArguments(argv: readonly string[]) {
  const positional = argv.filter((argument) => !argument.startsWith("-"));
  const engineAddress = positional.at(-1);
  if (!engineAddress) throw new Error("usage: pulumi-language-nodejs [flags] <engine-address>");
  const tracing = argv
    .find((argument) => argument.startsWith("-tracing="))
    ?.slice("-tracing=".length);
  return { engineAddress, tracing };
}

type UnaryHandler<Request, Response> = (
  call: grpcTypes.ServerUnaryCall<Request, Response>,
  callback: grpcTypes.sendUnaryData<Response>,
) => void;

function unary<Request, Response>(
  handle: (request: Request) => Promise<Response> | Response,
): UnaryHandler<Request, Response> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handle(call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) =>
          callback({
            code: grpc.status.UNKNOWN,
            details: error instanceof Error ? error.message : String(error),
          }),
      );
  };
}

function createHost(engineAddress: string, tracing: string | undefined) {
  async function run(request: languageMessages.RunRequest): Promise<languageMessages.RunResponse> {
    const info = request.getInfo();
    const options = runtimeOptions(info);
    const program = programLocation(info, request.getPwd());
    const flags: string[] = [];
    const flag = (name: string, value: string | undefined) => {
      if (value) flags.push(`--${name}`, value);
    };
    flag("monitor", request.getMonitorAddress());
    flag("engine", engineAddress);
    flag("organization", request.getOrganization());
    flag("project", request.getProject());
    flag("stack", request.getStack());
    flag("pwd", program.directory);
    if (request.getDryrun()) flags.push("--dry-run");
    if (request.getQuerymode()) flags.push("--query-mode");
    flag("parallel", String(request.getParallel()));
    flag("tracing", tracing);
    if (info?.getRootDirectory()) flag("root-directory", info.getRootDirectory());

    const config = Object.fromEntries(request.getConfigMap().toArray());
    const child = spawn(
      process.execPath,
      [
        ...nodeArguments(options),
        sdkScript(program.directory, "cmd/run"),
        ...flags,
        program.entryPoint,
        ...request.getArgsList(),
      ],
      {
        cwd: program.directory,
        stdio: ["ignore", "inherit", "inherit"],
        env: {
          ...process.env,
          ...typeScriptEnvironment(options),
          PULUMI_CONFIG: JSON.stringify(config),
          PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.getConfigsecretkeysList()),
        },
      },
    );
    const exitCode = await waitForExit(child);
    const response = new messages.RunResponse();
    if (exitCode === EXIT_CODE_BAIL) response.setBail(true);
    else if (exitCode !== 0)
      response.setError(`program exited with non-zero exit code: ${exitCode}`);
    return response;
  }

  function runPlugin(
    call: grpcTypes.ServerWritableStream<
      languageMessages.RunPluginRequest,
      languageMessages.RunPluginResponse
    >,
  ): void {
    const request = call.request;
    const info = request.getInfo();
    const options = runtimeOptions(info);
    const program = programLocation(info, request.getPwd());
    const script = request.getKind() === "analyzer" ? "cmd/run-policy-pack" : "cmd/run-plugin";
    const extraEnvironment = Object.fromEntries(
      request.getEnvList().map((entry) => {
        const separator = entry.indexOf("=");
        return [entry.slice(0, separator), entry.slice(separator + 1)];
      }),
    );
    let child: ChildProcess;
    try {
      child = spawn(
        process.execPath,
        [
          ...nodeArguments(options),
          sdkScript(program.directory, script),
          ...request.getArgsList(),
          program.entryPoint,
        ],
        {
          cwd: program.directory,
          stdio: ["ignore", "pipe", "pipe"],
          env: { ...process.env, ...typeScriptEnvironment(options), ...extraEnvironment },
        },
      );
    } catch (error) {
      call.destroy(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const forward = (set: (response: languageMessages.RunPluginResponse) => void) => {
      const response = new messages.RunPluginResponse();
      set(response);
      call.write(response);
    };
    child.stdout?.on("data", (chunk: Buffer) => forward((r) => r.setStdout(chunk)));
    child.stderr?.on("data", (chunk: Buffer) => forward((r) => r.setStderr(chunk)));
    call.on("cancelled", () => child.kill("SIGTERM"));
    waitForExit(child).then(
      (exitCode) => {
        forward((r) => r.setExitcode(exitCode));
        call.end();
      },
      (error: unknown) => call.destroy(error instanceof Error ? error : new Error(String(error))),
    );
  }

  return {
    handshake: unary(() => new messages.LanguageHandshakeResponse()),
    getPluginInfo: unary(() => {
      const pluginInfo = new pluginMessages.PluginInfo();
      pluginInfo.setVersion(sdkVersion);
      return pluginInfo;
    }),
    // Plugins are installed explicitly by the test (no downloads), so none are requested here.
    getRequiredPlugins: unary(() => new messages.GetRequiredPluginsResponse()),
    getRequiredPackages: unary(() => new messages.GetRequiredPackagesResponse()),
    getProgramDependencies: unary(() => new messages.GetProgramDependenciesResponse()),
    about: unary(() => {
      const about = new messages.AboutResponse();
      about.setExecutable(process.execPath);
      about.setVersion(process.version);
      return about;
    }),
    // Dependencies come from the repository's own `npm ci`.
    installDependencies: (call: grpcTypes.ServerWritableStream<unknown, unknown>) => call.end(),
    cancel: unary(() => new emptyMessages.Empty()),
    run: unary(run),
    runPlugin,
  };
}

function main(): void {
  const { engineAddress, tracing } = parseHostArguments(process.argv.slice(2));
  const server = new grpc.Server();
  server.addService(
    services.LanguageRuntimeService,
    createHost(engineAddress, tracing) as unknown as grpcTypes.UntypedServiceImplementation,
  );
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
      console.error(`pulumi-language-nodejs stand-in: cannot listen: ${error.message}`);
      process.exit(1);
    }
    process.stdout.write(`${port}\n`);
  });
  const stop = () => server.tryShutdown(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main();
