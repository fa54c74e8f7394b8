/**
 * Preloaded into a measured command with NODE_OPTIONS="--require dist/bench/rss-hook.cjs": at exit,
 * appends the process's peak resident set size and the CPU time it used to the file named by
 * GOVCLOUD_RSS_FILE, one JSON line per Node process (a command that starts further Node processes
 * reports each of them).
 */
import fs = require("node:fs");

const file = process.env.GOVCLOUD_RSS_FILE;
if (file) {
  process.on("exit", () => {
    // maxRSS is in kibibytes; CPU time (user + system, all threads) in microseconds.
    const u = process.resourceUsage();
    fs.appendFileSync(
      file,
      `${JSON.stringify({ pid: process.pid, maxRssKiB: u.maxRSS, cpuMicros: u.userCPUTime + u.systemCPUTime })}\n`,
    );
  });
}
