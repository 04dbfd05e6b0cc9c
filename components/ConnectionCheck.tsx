"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import {
  checkDevice,
  checkRelays,
  checkStun,
  fetchIceServers,
  type CheckItem,
  type CheckState,
} from "@/lib/check/run-check";

const PENDING: CheckItem[] = [
  { id: "camera", label: "Camera", state: "checking", detail: "" },
  { id: "microphone", label: "Microphone", state: "checking", detail: "" },
  { id: "server", label: "Meeting server", state: "checking", detail: "" },
  { id: "stun", label: "Direct connections (STUN over UDP)", state: "checking", detail: "" },
  { id: "turn", label: "Relay (TURN)", state: "checking", detail: "" },
];

const VERDICT: Record<CheckState, { text: string; className: string }> = {
  checking: { text: "Checking...", className: "text-slate-300" },
  ok: { text: "Works", className: "text-emerald-300" },
  problem: { text: "Problem", className: "text-rose-300" },
  skipped: { text: "Not set up", className: "text-slate-400" },
};

/** Replaces the item with the same id, or the relay placeholder with the relay verdicts. */
function merge(items: CheckItem[], results: CheckItem[]): CheckItem[] {
  const placeholder = results.some((result) => result.id.startsWith("turn"));
  const kept = items.filter(
    (item) => !results.some((r) => r.id === item.id) && !(placeholder && item.id === "turn"),
  );
  const order = (item: CheckItem) => {
    const index = PENDING.findIndex((pending) => item.id.startsWith(pending.id));
    return index === -1 ? PENDING.length : index;
  };
  return [...kept, ...results].sort((a, b) => order(a) - order(b));
}

export function ConnectionCheck({ partyHost }: { partyHost: string }) {
  const [items, setItems] = useState(PENDING);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let current = true;
    const update = (...results: CheckItem[]) => current && setItems((items) => merge(items, results));
    void checkDevice("video").then(update);
    void checkDevice("audio").then(update);
    fetchIceServers(partyHost).then(
      async (servers) => {
        update({ id: "server", label: "Meeting server", state: "ok", detail: "The meeting server answers." });
        const [stun, relays] = await Promise.all([checkStun(servers), checkRelays(servers)]);
        update(stun, ...relays);
      },
      () => {
        const unreachable = "Needs the meeting server, which can't be reached.";
        update(
          {
            id: "server",
            label: "Meeting server",
            state: "problem",
            detail:
              "Can't reach the meeting server. Check your internet connection; a work or school network may block it.",
          },
          { id: "stun", label: "Direct connections (STUN over UDP)", state: "skipped", detail: unreachable },
          { id: "turn", label: "Relay (TURN)", state: "skipped", detail: unreachable },
        );
      },
    );
    return () => {
      current = false;
    };
  }, [partyHost, round]);

  const done = items.every((item) => item.state !== "checking");
  return (
    <main className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center gap-6 p-6">
      <h1 className="text-3xl font-semibold">Connection check</h1>
      <p className="text-slate-300">
        Whether this browser and network can take part in a call: your devices, the meeting server, and the
        ways a call can reach the other people.
      </p>
      <ul aria-label="Checks" aria-busy={!done} className="space-y-3">
        {items.map((item) => (
          <li key={item.id} aria-label={item.label} className="rounded-xl bg-slate-900 p-4">
            <p className="flex justify-between gap-3 font-medium">
              <span>{item.label}</span>
              <span className={VERDICT[item.state].className}>{VERDICT[item.state].text}</span>
            </p>
            {item.detail && <p className="mt-1 text-sm text-slate-300">{item.detail}</p>}
          </li>
        ))}
      </ul>
      <div className="flex gap-3">
        <button
          type="button"
          disabled={!done}
          onClick={() => {
            setItems(PENDING);
            setRound((n) => n + 1);
          }}
          className="rounded-full bg-sky-500 px-5 py-2.5 font-medium text-slate-950 hover:bg-sky-400 disabled:opacity-50"
        >
          Check again
        </button>
        <Link href="/" className="rounded-full border border-slate-500 px-5 py-2.5 hover:bg-slate-800">
          Back to the start
        </Link>
      </div>
    </main>
  );
}
