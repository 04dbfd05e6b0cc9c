"use client";
import { FieldError } from "./FieldError";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { rememberHostKey } from "@/lib/host-keys";
import { useHydrated } from "@/lib/hooks/useBrowserSupports";
import { createMeeting } from "@/lib/meeting-api";
import { createRoomId, parseMeetingInput } from "@/lib/room-id";

export function Lobby({ partyHost }: { partyHost: string }) {
  const router = useRouter();
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const codeErrorId = useId();
  // Until then a click would do nothing, and a submitted code would only reload this page.
  const hydrated = useHydrated();

  async function startMeeting() {
    setStarting(true);
    setStartError(null);
    const roomId = createRoomId();
    try {
      rememberHostKey(roomId, await createMeeting(partyHost, roomId));
      router.push(`/room/${roomId}`);
    } catch (error) {
      setStartError(error instanceof Error ? error.message : String(error));
      setStarting(false);
    }
  }

  function joinMeeting(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const roomId = parseMeetingInput(code);
    if (!roomId) {
      setCodeError("That isn't a meeting code or link. A code looks like k7fq-2m9x-p4tz-8hwn.");
      return;
    }
    router.push(`/room/${roomId}`);
  }

  return (
    <main className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center gap-10 p-6">
      <header className="space-y-3">
        <h1 className="text-4xl font-semibold tracking-tight">Parley</h1>
        <p className="text-lg text-slate-300">
          Video meetings in your browser, straight between you and the people you talk to. No account, no
          install.
        </p>
      </header>

      <section className="space-y-3" aria-label="Start a meeting">
        <button
          type="button"
          onClick={startMeeting}
          disabled={starting || !hydrated}
          className="rounded-full bg-sky-500 px-6 py-3 text-lg font-medium text-slate-950 hover:bg-sky-400 disabled:opacity-60"
        >
          New meeting
        </button>
        {startError && (
          <p role="alert" className="text-rose-300">
            {startError}
          </p>
        )}
      </section>

      <form onSubmit={joinMeeting} noValidate className="space-y-2" aria-label="Join a meeting">
        <label htmlFor="meeting-code" className="block font-medium">
          Meeting code or link
        </label>
        <div className="flex gap-2">
          <input
            id="meeting-code"
            value={code}
            onChange={(event) => {
              setCode(event.target.value);
              setCodeError(null);
            }}
            placeholder="k7fq-2m9x-p4tz-8hwn"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={codeError ? true : undefined}
            aria-describedby={codeError ? codeErrorId : undefined}
            className="min-w-0 flex-1 rounded-xl border border-slate-600 bg-slate-900 px-4 py-2.5 placeholder:text-slate-500"
          />
          <button
            type="submit"
            disabled={!hydrated}
            className="rounded-xl border border-slate-500 px-5 py-2.5 font-medium hover:bg-slate-800 disabled:opacity-60"
          >
            Join
          </button>
        </div>
        <FieldError id={codeErrorId} error={codeError} />
      </form>
    </main>
  );
}
