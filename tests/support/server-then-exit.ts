/**
 * Starts a room server, says where, and, once told to on stdin, ends as asked without stopping it:
 * `exit` (process.exit) or `throw` (an uncaught error); `wait` waits for a signal to end it. The
 * no-server-left test checks that the server went with it.
 */
import { once } from "node:events";
import { startPartyServer } from "./servers";

const how = process.argv[2];
const party = await startPartyServer();
console.log(`ready ${party.port}`);
await once(process.stdin, "data");
if (how === "exit") process.exit(0);
if (how === "throw") throw new Error("A failure before anything was stopped");
// Waits for a signal; the interval keeps the process alive meanwhile.
setInterval(() => {}, 1000);
