/**
 * schemathesis's report, reduced to its SUMMARY section for the test log.
 *
 * Its banner lines mimic pytest (`==== 2 warnings in 38.51s ====`), and CI reads a pytest closing
 * line without a passed count as "ran no test". So the banners are dropped and the rest kept.
 */
export function plainSummary(report: string): string {
  const start = report.lastIndexOf("SUMMARY");
  const section = start === -1 ? report : report.slice(report.indexOf("\n", start) + 1);
  const lines = section.split("\n").filter((line) => !/^=+[^=]*=+\s*$/.test(line.trim()));
  return `schemathesis summary:\n${lines.join("\n").trim()}\n`;
}
