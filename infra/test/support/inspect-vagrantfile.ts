import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { z } from "zod";

const run = promisify(execFile);

export const vagrantfilePath = fileURLToPath(
  new URL("../../cluster/vagrant/Vagrantfile", import.meta.url),
);
const inspector = fileURLToPath(new URL("./inspect-vagrantfile.rb", import.meta.url));

const recordedCall = z.object({
  call: z.string(),
  arguments: z.array(z.unknown()),
  options: z.record(z.string(), z.unknown()),
  block: z.unknown().optional(),
});

const inspection = z
  .array(
    z.object({
      version: z.literal("2"),
      config: z.object({
        vm: z.object({ box: z.string(), calls: z.array(recordedCall) }),
      }),
    }),
  )
  .length(1);

const machineBlock = z.object({
  vm: z.object({ hostname: z.string(), calls: z.array(recordedCall) }),
});
const privateNetwork = z.object({
  arguments: z.tuple([z.literal("private_network")]),
  options: z.object({ ip: z.string(), netmask: z.string() }),
});
const virtualBox = z.object({
  arguments: z.tuple([z.literal("virtualbox")]),
  block: z.object({ name: z.string(), cpus: z.number(), memory: z.number() }),
});
const shellProvisioner = z.object({
  arguments: z.tuple([z.literal("shell")]),
  options: z.object({ name: z.string(), path: z.string(), env: z.record(z.string(), z.string()) }),
});

export interface VagrantMachine {
  name: string;
  primary: boolean;
  hostname: string;
  ip: string;
  netmask: string;
  virtualBox: z.infer<typeof virtualBox>["block"];
  provisioners: z.infer<typeof shellProvisioner>["options"][];
}

export interface VagrantConfiguration {
  box: string;
  syncedFolders: unknown[][];
  machines: VagrantMachine[];
}

function only<T>(calls: z.infer<typeof recordedCall>[], name: string, schema: z.ZodType<T>): T[] {
  return calls.filter((call) => call.call === name).map((call) => schema.parse(call));
}

/** Loads a Vagrantfile with Ruby (no Vagrant needed, see inspect-vagrantfile.rb) and returns what it defines. */
export async function inspectVagrantfile(path = vagrantfilePath): Promise<VagrantConfiguration> {
  const { stdout } = await run("ruby", [inspector, path]);
  const [configuration] = inspection.parse(JSON.parse(stdout));
  if (!configuration) throw new Error("the Vagrantfile configured nothing");
  const { vm } = configuration.config;
  const machines = vm.calls
    .filter((call) => call.call === "define")
    .map((define): VagrantMachine => {
      const machine = machineBlock.parse(define.block).vm;
      const name = z.string().parse(define.arguments[0]);
      const [network, ...extraNetworks] = only(machine.calls, "network", privateNetwork);
      const [provider, ...extraProviders] = only(machine.calls, "provider", virtualBox);
      if (!network || !provider || extraNetworks.length > 0 || extraProviders.length > 0) {
        throw new Error(
          `machine ${name} needs exactly one private network and one VirtualBox provider`,
        );
      }
      return {
        name,
        primary: define.options.primary === true,
        hostname: machine.hostname,
        ip: network.options.ip,
        netmask: network.options.netmask,
        virtualBox: provider.block,
        provisioners: only(machine.calls, "provision", shellProvisioner).map(
          (call) => call.options,
        ),
      };
    });
  return {
    box: vm.box,
    syncedFolders: vm.calls
      .filter((call) => call.call === "synced_folder")
      .map((call) => call.arguments),
    machines,
  };
}
